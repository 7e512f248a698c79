CREATE TABLE t (
  id int NOT NULL PRIMARY KEY,
  code varchar(20),
  title varchar(200),
  body text,
  a int,
  b int,
  UNIQUE KEY uk_code (code),
  KEY ix_b (b),
  KEY ix_a (a),
  FULLTEXT KEY ft_title (title),
  FULLTEXT KEY ft_body (body)
);
