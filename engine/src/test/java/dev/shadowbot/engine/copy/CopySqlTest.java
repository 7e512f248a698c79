package dev.shadowbot.engine.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.db.Flavor;
import dev.shadowbot.engine.db.ServerInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopySqlTest {
    @Test
    void theCopyNeverWaitsOnARowLockWhereTheServerCanSayNowait() {
        assertEquals(" LOCK IN SHARE MODE NOWAIT", CopySql.lockClause(new ServerInfo(Flavor.MARIADB, "10.11.9", 10, 11, 9)));
        assertEquals(" FOR SHARE NOWAIT", CopySql.lockClause(new ServerInfo(Flavor.MYSQL, "8.0.36", 8, 0, 36)));
        assertEquals(" LOCK IN SHARE MODE", CopySql.lockClause(new ServerInfo(Flavor.MARIADB, "10.2.44", 10, 2, 44)));
    }

    @Test
    void oneRangeHelperForCopyRecopyAndChecksum() {
        KeysetSql.Range both = KeysetSql.Range.of(List.of("a", "b"), new Object[] {1, 2}, new Object[] {3, 4});
        assertEquals("((`a` > ?) OR (`a` = ? AND `b` > ?)) AND ((`a` < ?) OR (`a` = ? AND `b` < ?) OR (`a` = ? AND `b` = ?))",
                both.where());
        assertEquals(List.of(1, 1, 2, 3, 3, 4, 3, 4), both.args());
        assertEquals("", KeysetSql.Range.of(List.of("id"), null, null).whereClause());
        KeysetSql.Range upTo = KeysetSql.Range.of(List.of("id"), null, new Object[] {9});
        assertEquals(" WHERE ((`id` < ?) OR (`id` = ?))", upTo.whereClause());
        assertEquals(List.of(9, 9), upTo.args());
        assertEquals("INSERT IGNORE INTO `s`.`sh` (`id`, `v`) SELECT `id`, `v` FROM `s`.`t` FORCE INDEX (`PRIMARY`)"
                        + " WHERE ((`id` < ?) OR (`id` = ?)) FOR SHARE NOWAIT",
                CopySql.copy("s", "t", "sh", "PRIMARY", List.of("id", "v"), List.of("id", "v"), upTo, " FOR SHARE NOWAIT"));
    }

    @Test
    void onlyPlainKeysAreDeferred() {
        String ddl = "CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  `v` varchar(20) DEFAULT NULL,\n"
                + "  PRIMARY KEY (`id`),\n  UNIQUE KEY `u_v` (`v`),\n  KEY `k_v` (`v`(5)) COMMENT 'x, y',\n"
                + "  KEY `we``ird` (`v`,`id`),\n  FULLTEXT KEY `ft` (`v`)\n) ENGINE=InnoDB";
        List<DeferredIndexes.Key> keys = DeferredIndexes.parse(ddl);
        assertEquals(List.of(new DeferredIndexes.Key("`k_v`", "KEY `k_v` (`v`(5)) COMMENT 'x, y'"),
                new DeferredIndexes.Key("`we``ird`", "KEY `we``ird` (`v`,`id`)")), keys);
    }
}
