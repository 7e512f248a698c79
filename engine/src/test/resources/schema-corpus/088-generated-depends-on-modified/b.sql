CREATE TABLE t (id int NOT NULL PRIMARY KEY, price decimal(12,2) NOT NULL, tax decimal(12,2) AS (price * 0.25) VIRTUAL, KEY ix_tax (tax));
