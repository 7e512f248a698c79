CREATE TABLE t (id int NOT NULL PRIMARY KEY, pct int CHECK (pct between 0 and 100));
