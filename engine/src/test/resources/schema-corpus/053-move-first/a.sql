CREATE TABLE t (a int, b int, id int NOT NULL, PRIMARY KEY (id));
