CREATE TABLE t (id int NOT NULL PRIMARY KEY, at datetime(6), ts timestamp(3) NULL DEFAULT NULL);
