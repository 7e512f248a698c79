CREATE TABLE t (id int NOT NULL, code varchar(10) NOT NULL, UNIQUE KEY uk_code (code));
