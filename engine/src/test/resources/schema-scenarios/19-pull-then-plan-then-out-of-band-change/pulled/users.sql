-- shadowbot:ignore reserved-word the column name comes from the upstream app
CREATE TABLE users (id int);
