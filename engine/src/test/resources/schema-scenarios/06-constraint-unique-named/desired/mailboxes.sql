CREATE TABLE mailboxes (
  id int NOT NULL PRIMARY KEY,
  domain varchar(64) NOT NULL,
  local_part varchar(64) NOT NULL,
  CONSTRAINT c UNIQUE u (domain, local_part)
);
