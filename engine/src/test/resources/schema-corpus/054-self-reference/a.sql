CREATE TABLE node (id int NOT NULL PRIMARY KEY, parent_id int);
