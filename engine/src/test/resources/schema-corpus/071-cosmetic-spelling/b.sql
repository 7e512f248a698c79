CREATE TABLE t (id int NOT NULL PRIMARY KEY, b tinyint(1) DEFAULT 0, s varchar(5));
