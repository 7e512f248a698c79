CREATE TABLE parent (id bigint NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE a_child (
  id int NOT NULL PRIMARY KEY,
  parent_id bigint NOT NULL,
  CONSTRAINT fk_a_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)
) ENGINE=InnoDB;
