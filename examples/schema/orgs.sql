-- Organisations own projects; users join them through memberships.
CREATE TABLE orgs (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  slug varchar(64) NOT NULL,
  name varchar(200) NOT NULL,
  plan enum('free','team','enterprise') NOT NULL DEFAULT 'free',
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uk_orgs_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
