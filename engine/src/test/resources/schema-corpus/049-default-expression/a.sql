CREATE TABLE t (id int NOT NULL PRIMARY KEY, token varchar(36));
