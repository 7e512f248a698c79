CREATE TABLE t (id int NOT NULL PRIMARY KEY, state enum('new','doing','done') NOT NULL DEFAULT 'new');
