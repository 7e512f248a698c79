CREATE TABLE t (id int NOT NULL PRIMARY KEY, status varchar(10) NOT NULL DEFAULT 'new', n int DEFAULT 1);
