CREATE TABLE t (id int NOT NULL PRIMARY KEY, amount decimal(10,2) NOT NULL);
