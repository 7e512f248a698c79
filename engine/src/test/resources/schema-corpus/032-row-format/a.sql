CREATE TABLE t (id int NOT NULL PRIMARY KEY, v varchar(10));
