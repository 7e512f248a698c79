CREATE TABLE t (id bigint NOT NULL AUTO_INCREMENT, tenant int NOT NULL DEFAULT 0, PRIMARY KEY (tenant, id), KEY ix_id (id));
