CREATE TABLE labels (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  project_id bigint unsigned NOT NULL,
  name varchar(50) NOT NULL,
  color char(7) NOT NULL DEFAULT '#cccccc',
  PRIMARY KEY (id),
  UNIQUE KEY uk_labels_project_name (project_id, name),
  CONSTRAINT fk_labels_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT chk_labels_color CHECK (color REGEXP '^#[0-9a-f]{6}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
