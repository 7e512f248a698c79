CREATE TABLE other (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE parent (id bigint NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE child (
  id int NOT NULL PRIMARY KEY,
  other_id int NOT NULL,
  parent_id bigint NOT NULL,
  KEY ix_parent (parent_id),
  KEY fk_child_other (other_id),
  CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)
) ENGINE=InnoDB;
