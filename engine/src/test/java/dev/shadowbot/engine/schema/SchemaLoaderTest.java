package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaLoaderTest {

    @Test
    void keepsStatementTextAndLocationAndSkipsDumpNoise() {
        String dump = """
                -- MySQL dump 10.13
                /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
                SET NAMES utf8mb4;

                # a hash comment
                /* a block
                   comment; with a semicolon */
                CREATE TABLE `users` (
                  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
                  `email` varchar(255) NOT NULL COMMENT 'it''s; fine',
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB /*!50100 COMMENT='x' */;
                    CREATE TABLE orgs (id int primary key);
                """;
        SchemaSource s = SchemaLoader.fromFiles(Map.of("dump.sql", dump));
        assertEquals(List.of(), s.problems());
        assertEquals(2, s.tables().size());
        TableSource users = s.tables().get(0);
        assertEquals("users", users.name());
        assertEquals(8, users.line());
        assertTrue(users.createSql().startsWith("CREATE TABLE `users` ("));
        assertTrue(users.createSql().endsWith("ENGINE=InnoDB /*!50100 COMMENT='x' */"));
        assertTrue(users.createSql().contains("'it''s; fine'"));
        TableSource orgs = s.tables().get(1);
        assertEquals("orgs", orgs.name());
        assertEquals("dump.sql:13", orgs.location());
    }

    @Test
    void acceptsTheMySqlConstructsTheCorpusUses() {
        String sql = """
                CREATE TABLE t (
                  id int unsigned NOT NULL AUTO_INCREMENT,
                  a varchar(10) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x',
                  b json,
                  c int GENERATED ALWAYS AS (id * 2) VIRTUAL,
                  d int AS (id + 1) STORED,
                  e timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
                  f enum('a','b') NOT NULL DEFAULT 'a',
                  g decimal(10,2) DEFAULT NULL,
                  h text,
                  p point NOT NULL,
                  PRIMARY KEY (id),
                  UNIQUE KEY uk_a (a(5)),
                  KEY ix_g (g DESC, id),
                  FULLTEXT KEY ft_h (h),
                  SPATIAL KEY sp_p (p),
                  CONSTRAINT chk_g CHECK (g > 0)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ROW_FORMAT=DYNAMIC KEY_BLOCK_SIZE=8 COMMENT='t'
                PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);
                CREATE TABLE child (
                  id int NOT NULL,
                  t_id int unsigned,
                  x text,
                  PRIMARY KEY (id),
                  KEY (t_id),
                  KEY ((t_id + 1)),
                  INDEX ix_v (t_id) INVISIBLE,
                  FULLTEXT (x),
                  CONSTRAINT c2 CHECK (id > 0) NOT ENFORCED,
                  CONSTRAINT fk_t FOREIGN KEY fk_ix (t_id) REFERENCES t (id) ON DELETE CASCADE ON UPDATE SET NULL
                );
                """;
        SchemaSource s = SchemaLoader.fromFiles(Map.of("t.sql", sql));
        assertEquals(List.of(), s.problems());
        assertEquals(List.of("t", "child"), s.tables().stream().map(TableSource::name).toList());
    }

    @Test
    void leavesSyntaxToTheServerAndFindsOnlyTheName() {
        // Constructs a parser once refused although MariaDB 10.11 accepts them: the loader does not judge.
        String sql = """
                CREATE TABLE kw (output int, global int, `grouping` int, UNIQUE u (output, global),
                  UNIQUE INDEX (global), PRIMARY KEY USING BTREE (output),
                  CONSTRAINT c UNIQUE u2 USING BTREE (`grouping`)) CHARACTER SET 'utf8';
                CREATE TABLE broken (id int NOT NULL NOT,, PRIMARY KEY (id));
                """;
        SchemaSource s = SchemaLoader.fromFiles(Map.of("t.sql", sql));
        assertEquals(List.of(), s.problems());
        assertEquals(List.of("kw", "broken"), s.tables().stream().map(TableSource::name).toList());
        assertEquals(4, s.tables().get(1).line());
    }

    @Test
    void anIndentedStatementKeepsItsColumn() {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("a.sql", "\n   CREATE TABLE t (id int);"));
        assertEquals(2, s.tables().get(0).line());
        assertEquals(4, s.tables().get(0).column());
    }

    @Test
    void reportsUnsupportedStatementsAtTheirLine() {
        String sql = """
                DROP TABLE IF EXISTS t;
                CREATE TABLE t (id int PRIMARY KEY);
                INSERT INTO t VALUES (1);
                  ALTER TABLE t ADD COLUMN x int;
                CREATE VIEW v AS SELECT * FROM t;
                CREATE TABLE t2 LIKE t;
                CREATE TABLE other.t3 (id int);
                """;
        SchemaSource s = SchemaLoader.fromFiles(Map.of("x.sql", sql));
        assertEquals(List.of("t"), s.tables().stream().map(TableSource::name).toList());
        // The DROP TABLE IF EXISTS before a CREATE TABLE of the same table is a dump's no-op.
        assertEquals(List.of("x.sql:3:1", "x.sql:4:3", "x.sql:5:1", "x.sql:6:1", "x.sql:7:1"),
                s.problems().stream().map(p -> p.file() + ":" + p.line() + ":" + p.column()).toList());
        assertTrue(s.problems().stream().allMatch(p -> p.code().equals(SourceProblem.UNSUPPORTED_STATEMENT)));
    }

    @Test
    void duplicateTableNamesBothFiles() {
        SchemaSource s = SchemaLoader.fromFiles(Map.of(
                "a.sql", "CREATE TABLE users (id int PRIMARY KEY);",
                "b.sql", "\n-- again\nCREATE TABLE `users` (id bigint PRIMARY KEY);"));
        assertEquals(1, s.tables().size());
        assertEquals(1, s.problems().size());
        SourceProblem p = s.problems().get(0);
        assertEquals(SourceProblem.DUPLICATE_TABLE, p.code());
        assertEquals("b.sql", p.file());
        assertEquals(3, p.line());
        assertTrue(p.message().contains("a.sql:1"), p.message());
    }

    @Test
    void unterminatedStringIsAParseError() {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("a.sql", "CREATE TABLE t (\n id int COMMENT 'oops\n);"));
        assertEquals(1, s.problems().size());
        assertEquals("a.sql:2:17: unterminated string [parse-error]", s.problems().get(0).render());
    }

    @Test
    void loadsAFolderRecursivelyInPathOrder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("b.sql"), "CREATE TABLE b (id int PRIMARY KEY);");
        Files.writeString(dir.resolve("sub/a.sql"), "CREATE TABLE a (id int PRIMARY KEY);");
        Files.writeString(dir.resolve("README.md"), "not sql");
        SchemaSource s = SchemaLoader.load(dir);
        assertEquals(List.of("b.sql", "sub/a.sql"), s.tables().stream().map(TableSource::file).toList());
    }

    @Test
    void missingFolderIsBadInput(@TempDir Path dir) {
        ShadowbotException e = org.junit.jupiter.api.Assertions.assertThrows(ShadowbotException.class,
                () -> SchemaLoader.load(dir.resolve("nope")));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
    }

    @Test
    void namesThatToolsLeaveBehindAreRejectedBecauseTheLiveSideIgnoresThem() {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("a.sql",
                "CREATE TABLE _orders_old (id int PRIMARY KEY);\nCREATE TABLE orders_old (id int PRIMARY KEY);"));
        assertEquals(List.of("orders_old"), s.tables().stream().map(TableSource::name).toList());
        assertEquals(1, s.problems().size());
        assertEquals("a.sql", s.problems().get(0).file());
        assertEquals(1, s.problems().get(0).line());
        assertTrue(s.problems().get(0).message().contains("reserved"), s.problems().get(0).message());
    }

    @Test
    void doubledBackticksInNamesAreAccepted() {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("a.sql",
                "CREATE TABLE IF NOT EXISTS `we``ird` (`a``b` int, KEY `k``1` (`a``b`));"));
        assertEquals(List.of(), s.problems());
        assertEquals("we`ird", s.tables().get(0).name());
    }
}
