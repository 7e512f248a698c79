CREATE TABLE memberships (
  org_id bigint unsigned NOT NULL,
  user_id bigint unsigned NOT NULL,
  role enum('member','admin','owner') NOT NULL DEFAULT 'member',
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (org_id, user_id),
  KEY ix_memberships_user (user_id),
  CONSTRAINT fk_memberships_org FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE,
  CONSTRAINT fk_memberships_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
