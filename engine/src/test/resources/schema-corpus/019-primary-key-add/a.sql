CREATE TABLE t (id int NOT NULL, v int);
