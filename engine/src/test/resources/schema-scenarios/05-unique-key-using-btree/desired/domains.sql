CREATE TABLE domains (
  id int NOT NULL PRIMARY KEY,
  zone varchar(64) NOT NULL,
  name varchar(64) NOT NULL,
  UNIQUE KEY u USING BTREE (zone, name)
);
