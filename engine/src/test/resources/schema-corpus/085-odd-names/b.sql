CREATE TABLE `order` (
  `id` int NOT NULL PRIMARY KEY,
  `with space` bigint,
  `key` varchar(20),
  `select` int DEFAULT 1,
  KEY `ix key` (`key`, `with space`)
);
