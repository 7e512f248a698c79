CREATE TABLE t (id int NOT NULL PRIMARY KEY, a int, b varchar(10));
