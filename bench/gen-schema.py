#!/usr/bin/env python3
"""Writes N realistic tables (one per file) into a folder: ids, FKs to earlier tables, indexes, JSON/TEXT."""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
for i in range(n):
    parent = f"t{i // 2:04d}" if i > 0 else None
    cols = [
        "  id bigint unsigned NOT NULL AUTO_INCREMENT",
        "  name varchar(100) NOT NULL DEFAULT ''",
        "  status enum('new','active','closed') NOT NULL DEFAULT 'new'",
        "  amount decimal(12,2) DEFAULT NULL",
        "  payload json DEFAULT NULL",
        "  notes text",
        "  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP",
        "  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
    ]
    keys = ["  PRIMARY KEY (id)", "  KEY ix_status_created (status, created_at)", "  UNIQUE KEY uk_name (name)"]
    if parent:
        cols.append("  parent_id bigint unsigned DEFAULT NULL")
        keys.append("  KEY ix_parent (parent_id)")
        keys.append(f"  CONSTRAINT fk_t{i:04d}_parent FOREIGN KEY (parent_id) REFERENCES {parent} (id) ON DELETE SET NULL")
    with open(os.path.join(out, f"t{i:04d}.sql"), "w") as f:
        f.write(f"CREATE TABLE t{i:04d} (\n" + ",\n".join(cols + keys) + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n")
