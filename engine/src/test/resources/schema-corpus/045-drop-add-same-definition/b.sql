CREATE TABLE t (id int NOT NULL PRIMARY KEY, display_name varchar(100) NOT NULL DEFAULT '');
