CREATE TABLE t (id int NOT NULL PRIMARY KEY, a mediumtext, b longblob);
