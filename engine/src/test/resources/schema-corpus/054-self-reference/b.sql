CREATE TABLE node (id int NOT NULL PRIMARY KEY, parent_id int, KEY ix_parent (parent_id), CONSTRAINT fk_node_parent FOREIGN KEY (parent_id) REFERENCES node (id) ON DELETE CASCADE);
