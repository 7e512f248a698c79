CREATE TABLE parent (id int NOT NULL PRIMARY KEY);
CREATE TABLE child (id int NOT NULL PRIMARY KEY, pid int, KEY ix_pid (pid), CONSTRAINT fk_b FOREIGN KEY (pid) REFERENCES parent (id));
