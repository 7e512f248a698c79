CREATE TABLE t (id int NOT NULL PRIMARY KEY, a int, twice int AS (a * 2) VIRTUAL);
