-- a syntax error on the fifth line of the file, third of the statement

CREATE TABLE users (
  id int NOT NULL,
  name varchar(10) NOT NULL NOT,,
  PRIMARY KEY (id)
);
