CREATE TABLE t (id int NOT NULL PRIMARY KEY, b int, KEY ix_b (b));
