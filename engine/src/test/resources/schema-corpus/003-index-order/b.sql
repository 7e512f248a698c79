CREATE TABLE t (
  id int NOT NULL, a int, b int, c int,
  PRIMARY KEY (id), KEY ka (a), KEY kb (b), KEY kc (c)
);
