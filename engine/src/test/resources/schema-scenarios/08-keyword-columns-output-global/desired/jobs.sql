CREATE TABLE jobs (
  id int NOT NULL PRIMARY KEY,
  output text,
  global tinyint(1) NOT NULL DEFAULT 0
);
