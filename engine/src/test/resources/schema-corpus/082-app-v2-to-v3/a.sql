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

CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(255) NOT NULL,
  display_name varchar(100) NOT NULL DEFAULT '',
  settings json DEFAULT NULL,
  avatar_url varchar(500) DEFAULT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uk_users_email (email),
  KEY ix_users_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

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

CREATE TABLE issues (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  project_id bigint unsigned NOT NULL,
  number int unsigned NOT NULL,
  title varchar(300) NOT NULL,
  body mediumtext,
  state enum('open','closed') NOT NULL DEFAULT 'open',
  priority tinyint unsigned NOT NULL DEFAULT 3,
  milestone_id bigint unsigned DEFAULT NULL,
  author_id bigint unsigned DEFAULT NULL,
  assignee_id bigint unsigned DEFAULT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  closed_at datetime DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_issues_project_number (project_id, number),
  KEY ix_issues_project_state (project_id, state, updated_at),
  KEY ix_issues_assignee (assignee_id),
  KEY ix_issues_author (author_id),
  KEY ix_issues_milestone (milestone_id),
  FULLTEXT KEY ft_issues_title_body (title, body),
  CONSTRAINT fk_issues_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT fk_issues_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT fk_issues_milestone FOREIGN KEY (milestone_id) REFERENCES milestones (id) ON DELETE SET NULL,
  CONSTRAINT fk_issues_assignee FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE comments (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  issue_id bigint unsigned NOT NULL,
  author_id bigint unsigned DEFAULT NULL,
  body text NOT NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  edited_at datetime DEFAULT NULL,
  reactions json DEFAULT NULL,
  PRIMARY KEY (id),
  KEY ix_comments_issue_created (issue_id, created_at),
  KEY ix_comments_author (author_id),
  CONSTRAINT fk_comments_issue FOREIGN KEY (issue_id) REFERENCES issues (id) ON DELETE CASCADE,
  CONSTRAINT fk_comments_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE labels (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  project_id bigint unsigned NOT NULL,
  name varchar(50) NOT NULL,
  color char(7) NOT NULL DEFAULT '#cccccc',
  description varchar(200) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY uk_labels_project_name (project_id, name),
  CONSTRAINT fk_labels_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT chk_labels_color CHECK (color REGEXP '^#[0-9a-f]{6}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE issue_labels (
  issue_id bigint unsigned NOT NULL,
  label_id bigint unsigned NOT NULL,
  PRIMARY KEY (issue_id, label_id),
  KEY ix_issue_labels_label (label_id),
  CONSTRAINT fk_issue_labels_issue FOREIGN KEY (issue_id) REFERENCES issues (id) ON DELETE CASCADE,
  CONSTRAINT fk_issue_labels_label FOREIGN KEY (label_id) REFERENCES labels (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE milestones (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  project_id bigint unsigned NOT NULL,
  title varchar(100) NOT NULL,
  due_on date DEFAULT NULL,
  PRIMARY KEY (id),
  KEY ix_milestones_project (project_id),
  CONSTRAINT fk_milestones_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
