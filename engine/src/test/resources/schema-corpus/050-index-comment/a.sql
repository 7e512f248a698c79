CREATE TABLE t (id int NOT NULL PRIMARY KEY, a int, KEY ix_a (a));
