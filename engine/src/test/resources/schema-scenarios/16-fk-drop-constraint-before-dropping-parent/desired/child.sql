CREATE TABLE child (
  id int NOT NULL PRIMARY KEY,
  parent_id int NOT NULL,
  KEY ix_parent (parent_id)
) ENGINE=InnoDB;
