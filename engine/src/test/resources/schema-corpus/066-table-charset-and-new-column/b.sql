CREATE TABLE t (id int NOT NULL PRIMARY KEY, a varchar(10), b varchar(10)) DEFAULT CHARSET=utf8mb4;
