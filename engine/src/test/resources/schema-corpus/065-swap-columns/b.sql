CREATE TABLE t (id int NOT NULL PRIMARY KEY, b int, a int);
