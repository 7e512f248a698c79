CREATE TABLE t (id int NOT NULL PRIMARY KEY, b varchar(10));
