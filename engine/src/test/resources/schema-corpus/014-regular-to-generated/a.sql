CREATE TABLE t (id int NOT NULL PRIMARY KEY, first varchar(20), last varchar(20), full_name varchar(41));
