CREATE TABLE t (id int NOT NULL, code varchar(10) NOT NULL, PRIMARY KEY (code), KEY ix_id (id));
