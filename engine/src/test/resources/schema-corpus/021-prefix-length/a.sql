CREATE TABLE t (id int NOT NULL PRIMARY KEY, url varchar(500), KEY ix_url (url(50)));
