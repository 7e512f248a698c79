CREATE TABLE hosts (
  id int NOT NULL,
  name varchar(64),
  PRIMARY KEY USING BTREE (id)
);
