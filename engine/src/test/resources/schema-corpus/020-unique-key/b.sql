CREATE TABLE t (id int NOT NULL PRIMARY KEY, email varchar(100) NOT NULL, UNIQUE KEY uk_email (email));
