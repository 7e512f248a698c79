CREATE TABLE t (id int NOT NULL PRIMARY KEY, body text, FULLTEXT KEY ft_body (body));
