CREATE TABLE new_parent (id int NOT NULL PRIMARY KEY, name varchar(10));
CREATE TABLE child (id int NOT NULL PRIMARY KEY, pid int, KEY ix_pid (pid), CONSTRAINT fk_child FOREIGN KEY (pid) REFERENCES new_parent (id));
