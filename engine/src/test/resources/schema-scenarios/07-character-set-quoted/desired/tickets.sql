CREATE TABLE tickets (
  id int NOT NULL PRIMARY KEY,
  subject varchar(200) CHARACTER SET 'utf8' NOT NULL,
  body text CHARACTER SET 'latin1' COLLATE 'latin1_bin'
) DEFAULT CHARACTER SET 'utf8mb4';
