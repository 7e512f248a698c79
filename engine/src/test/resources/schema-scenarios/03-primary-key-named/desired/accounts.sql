CREATE TABLE accounts (
  id int NOT NULL,
  PRIMARY KEY pk (id)
);
