CREATE TABLE t (id int NOT NULL PRIMARY KEY, score float, ratio double);
