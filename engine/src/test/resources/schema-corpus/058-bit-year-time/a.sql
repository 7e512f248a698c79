CREATE TABLE t (id int NOT NULL PRIMARY KEY, flag bit(1) DEFAULT b'0', y year, d time);
