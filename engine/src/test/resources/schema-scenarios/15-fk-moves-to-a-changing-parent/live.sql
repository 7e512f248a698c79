CREATE TABLE other (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE parent (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE child (
  id int NOT NULL PRIMARY KEY,
  other_id int NOT NULL,
  parent_id int NOT NULL,
  CONSTRAINT fk_child_other FOREIGN KEY (other_id) REFERENCES other (id),
  KEY ix_parent (parent_id)
) ENGINE=InnoDB;
