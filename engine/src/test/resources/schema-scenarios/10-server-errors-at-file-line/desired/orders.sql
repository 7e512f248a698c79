CREATE TABLE orders (id int NOT NULL PRIMARY KEY);

  CREATE TABLE order_items (id int NOT NULL PRIMARY KEY, id int);
