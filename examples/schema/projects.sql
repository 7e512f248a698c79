CREATE TABLE projects (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  org_id bigint unsigned NOT NULL,
  `key` varchar(10) NOT NULL COMMENT 'short prefix of issue numbers, e.g. APP',
  name varchar(200) NOT NULL,
  description text,
  archived tinyint(1) NOT NULL DEFAULT 0,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uk_projects_org_key (org_id, `key`),
  CONSTRAINT fk_projects_org FOREIGN KEY (org_id) REFERENCES orgs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
