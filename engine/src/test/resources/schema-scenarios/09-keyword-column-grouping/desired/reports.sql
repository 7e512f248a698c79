CREATE TABLE reports (
  id int NOT NULL PRIMARY KEY,
  grouping varchar(32) NOT NULL
);
