CREATE TABLE t (id int NOT NULL PRIMARY KEY, flag bit(8) DEFAULT b'1', y year NOT NULL, d time(3));
