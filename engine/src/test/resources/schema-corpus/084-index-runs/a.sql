CREATE TABLE t (
  id int NOT NULL PRIMARY KEY,
  code varchar(20),
  title varchar(200),
  body text,
  a int,
  b int,
  KEY ix_a (a),
  FULLTEXT KEY ft_title (title),
  FULLTEXT KEY ft_body (body)
);
