CREATE TABLE t (id int NOT NULL PRIMARY KEY, secret varchar(10));
