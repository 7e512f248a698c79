ALTER TABLE posts ADD COLUMN published_at datetime NULL, ADD KEY ix_published (published_at);
DROP TABLE legacy;
CREATE TABLE likes (
  user_id bigint unsigned NOT NULL,
  post_id bigint unsigned NOT NULL,
  PRIMARY KEY (user_id, post_id),
  CONSTRAINT fk_likes_post FOREIGN KEY (post_id) REFERENCES posts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO users (email) VALUES ('c@example.com');
