CREATE TABLE t (id int NOT NULL PRIMARY KEY, created datetime, KEY ix_c (created));
