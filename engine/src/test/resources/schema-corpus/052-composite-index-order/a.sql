CREATE TABLE t (id int NOT NULL PRIMARY KEY, a int, b int, KEY ix_ab (a, b));
