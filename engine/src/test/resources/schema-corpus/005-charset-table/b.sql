CREATE TABLE t (id int NOT NULL PRIMARY KEY, name varchar(20), note text) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
