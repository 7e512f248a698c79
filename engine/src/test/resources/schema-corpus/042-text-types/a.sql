CREATE TABLE t (id int NOT NULL PRIMARY KEY, a text, b blob);
