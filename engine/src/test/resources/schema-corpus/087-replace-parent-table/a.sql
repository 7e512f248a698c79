CREATE TABLE old_parent (id int NOT NULL PRIMARY KEY);
CREATE TABLE child (id int NOT NULL PRIMARY KEY, pid int, KEY ix_pid (pid), CONSTRAINT fk_child FOREIGN KEY (pid) REFERENCES old_parent (id));
