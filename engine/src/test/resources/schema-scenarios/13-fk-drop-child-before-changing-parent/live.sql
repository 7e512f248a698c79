CREATE TABLE parent (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE child (
  id int NOT NULL PRIMARY KEY,
  parent_id int NOT NULL,
  CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)
) ENGINE=InnoDB;
