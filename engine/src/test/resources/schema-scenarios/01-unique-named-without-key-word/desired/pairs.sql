CREATE TABLE pairs (
  a int NOT NULL,
  b int NOT NULL,
  UNIQUE u (a,b)
);
