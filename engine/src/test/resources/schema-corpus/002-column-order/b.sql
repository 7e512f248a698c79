CREATE TABLE t (
  d int,
  id int NOT NULL,
  c int, a int, e int, b int,
  PRIMARY KEY (id)
);
