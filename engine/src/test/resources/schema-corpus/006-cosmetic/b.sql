create table `t` (
  `id` int not null primary key,
  `name` varchar(10) default null
);
