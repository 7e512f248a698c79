CREATE TABLE t (id int NOT NULL PRIMARY KEY, code varchar(10) CHARACTER SET ascii COLLATE ascii_bin);
