CREATE TABLE t (id int NOT NULL PRIMARY KEY, score double, ratio decimal(20,10));
