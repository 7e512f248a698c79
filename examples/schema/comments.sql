CREATE TABLE comments (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  issue_id bigint unsigned NOT NULL,
  author_id bigint unsigned DEFAULT NULL,
  body text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  edited_at datetime DEFAULT NULL,
  PRIMARY KEY (id),
  KEY ix_comments_issue_created (issue_id, created_at),
  KEY ix_comments_author (author_id),
  CONSTRAINT fk_comments_issue FOREIGN KEY (issue_id) REFERENCES issues (id) ON DELETE CASCADE,
  CONSTRAINT fk_comments_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
