CREATE TABLE tags (
  a varchar(20) NOT NULL,
  UNIQUE INDEX (a)
);
