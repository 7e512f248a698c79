CREATE TABLE t (id int NOT NULL PRIMARY KEY, flags set('a','b'));
