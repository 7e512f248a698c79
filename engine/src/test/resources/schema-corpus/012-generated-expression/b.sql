CREATE TABLE t (id int NOT NULL PRIMARY KEY, price int NOT NULL, qty int NOT NULL, total int AS (price * qty + 1) VIRTUAL);
