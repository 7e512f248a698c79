CREATE TABLE t (id int NOT NULL PRIMARY KEY, status varchar(10) NOT NULL DEFAULT 'open', n int);
