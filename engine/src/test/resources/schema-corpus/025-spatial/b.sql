CREATE TABLE t (id int NOT NULL PRIMARY KEY, pos point NOT NULL, SPATIAL KEY sp_pos (pos));
