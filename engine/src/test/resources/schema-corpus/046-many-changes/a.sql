CREATE TABLE t (id int NOT NULL AUTO_INCREMENT, a int, b varchar(10), c datetime, PRIMARY KEY (id), KEY ix_a (a), KEY ix_b (b)) COMMENT='old';
