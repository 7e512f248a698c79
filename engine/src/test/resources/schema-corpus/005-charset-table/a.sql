CREATE TABLE t (id int NOT NULL PRIMARY KEY, name varchar(20), note text) DEFAULT CHARSET=latin1;
