CREATE TABLE t (id int NOT NULL PRIMARY KEY, org_id int NOT NULL, KEY ix_org (org_id));
