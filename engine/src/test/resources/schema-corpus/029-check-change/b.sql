CREATE TABLE t (id int NOT NULL PRIMARY KEY, qty int NOT NULL, CONSTRAINT chk_qty CHECK (qty between 0 and 1000));
