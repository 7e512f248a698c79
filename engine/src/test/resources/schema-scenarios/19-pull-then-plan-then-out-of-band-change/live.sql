CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(190) NOT NULL,
  output text,
  PRIMARY KEY (id),
  UNIQUE u (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
CREATE TABLE posts (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  user_id bigint unsigned NOT NULL,
  state enum('draft','live') NOT NULL DEFAULT 'draft',
  title varchar(200) CHARACTER SET 'utf8' NOT NULL,
  PRIMARY KEY USING BTREE (id),
  CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
CREATE TABLE audit (
  id bigint NOT NULL,
  at date NOT NULL,
  PRIMARY KEY (id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci PARTITION BY HASH (id) PARTITIONS 2;
CREATE TABLE legacy (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');
