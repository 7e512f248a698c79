CREATE TABLE t (id int NOT NULL PRIMARY KEY, state enum('new','done') NOT NULL DEFAULT 'new');
