CREATE TABLE parent (id int NOT NULL PRIMARY KEY, code int NOT NULL, UNIQUE KEY uc (code));
CREATE TABLE child (id int NOT NULL PRIMARY KEY, pid int, CONSTRAINT fk_p FOREIGN KEY (pid) REFERENCES parent (id));
