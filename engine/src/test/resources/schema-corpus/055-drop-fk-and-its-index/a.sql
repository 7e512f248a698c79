CREATE TABLE p (id int NOT NULL PRIMARY KEY, code int NOT NULL, UNIQUE KEY uk_code (code));
CREATE TABLE c (id int NOT NULL PRIMARY KEY, code int, KEY ix_code (code), CONSTRAINT fk_code FOREIGN KEY (code) REFERENCES p (code));
