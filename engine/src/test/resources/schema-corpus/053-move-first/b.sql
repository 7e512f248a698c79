CREATE TABLE t (id int NOT NULL, a int, b int, PRIMARY KEY (id));
