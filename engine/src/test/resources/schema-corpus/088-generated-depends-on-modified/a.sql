CREATE TABLE t (id int NOT NULL PRIMARY KEY, price decimal(8,2) NOT NULL, tax decimal(8,2) AS (price * 0.2) VIRTUAL, KEY ix_tax (tax));
