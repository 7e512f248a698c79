CREATE TABLE t (id int NOT NULL PRIMARY KEY, amount decimal(14,4) NOT NULL);
