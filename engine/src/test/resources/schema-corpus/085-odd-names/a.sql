CREATE TABLE `order` (
  `id` int NOT NULL PRIMARY KEY,
  `key` varchar(10),
  `we``ird` int,
  `with space` int,
  KEY `ix key` (`key`)
);
