CREATE TABLE customers (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(190) NOT NULL,
  status enum('new','active','closed') NOT NULL DEFAULT 'new',
  flags set('vip','blocked','tester') NOT NULL DEFAULT '',
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='who buys';

CREATE TABLE orders (
  customer_id bigint unsigned NOT NULL,
  order_no int NOT NULL,
  total decimal(12,2) NOT NULL DEFAULT 0.00,
  tax decimal(12,2) GENERATED ALWAYS AS (total * 0.2) VIRTUAL,
  total_cents bigint GENERATED ALWAYS AS (total * 100) STORED,
  note text,
  PRIMARY KEY (customer_id, order_no),
  KEY ix_total (total, customer_id),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE order_lines (
  customer_id bigint unsigned NOT NULL,
  order_no int NOT NULL,
  line_no smallint NOT NULL,
  sku varchar(40) NOT NULL,
  qty int NOT NULL DEFAULT 1,
  PRIMARY KEY (customer_id, order_no, line_no),
  CONSTRAINT fk_lines_order FOREIGN KEY (customer_id, order_no) REFERENCES orders (customer_id, order_no),
  CONSTRAINT ck_qty CHECK (qty > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE events (
  id bigint NOT NULL,
  happened date NOT NULL,
  kind varchar(20) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL,
  payload json,
  PRIMARY KEY (id, happened)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY RANGE COLUMNS (happened) (
  PARTITION p2025 VALUES LESS THAN ('2026-01-01'),
  PARTITION pmax VALUES LESS THAN (MAXVALUE)
);

CREATE TABLE sessions (
  token binary(16) NOT NULL,
  customer_id bigint unsigned NOT NULL,
  PRIMARY KEY (token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
PARTITION BY KEY (token) PARTITIONS 4;

INSERT INTO customers (email) VALUES ('a@example.com');
