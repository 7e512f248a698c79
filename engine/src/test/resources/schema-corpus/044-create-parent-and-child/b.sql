CREATE TABLE z_child (id int NOT NULL PRIMARY KEY, pid int, CONSTRAINT fk_z FOREIGN KEY (pid) REFERENCES a_parent (id));
CREATE TABLE other (id int NOT NULL PRIMARY KEY);
CREATE TABLE a_parent (id int NOT NULL PRIMARY KEY, gid int, CONSTRAINT fk_g FOREIGN KEY (gid) REFERENCES m_grand (id));
CREATE TABLE m_grand (id int NOT NULL PRIMARY KEY);
