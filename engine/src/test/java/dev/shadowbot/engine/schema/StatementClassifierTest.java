package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementClassifierTest {

    private static SchemaSource load(String sql) {
        return SchemaLoader.fromFiles(Map.of("s.sql", sql));
    }

    @Test
    void dumpStatementsThatChangeNothingAreNotedOncePerKindWithTheFirstLocation() {
        SchemaSource s = load("""
                /*!40101 SET NAMES utf8mb4 */;
                SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0;
                DROP TABLE IF EXISTS `a`;
                CREATE TABLE `a` (id int);
                LOCK TABLES `a` WRITE;
                /*!40000 ALTER TABLE `a` DISABLE KEYS */;
                /*!40000 ALTER TABLE `a` ENABLE KEYS */;
                UNLOCK TABLES;
                START TRANSACTION;
                COMMIT;
                ;
                """);
        assertEquals(List.of(), s.problems());
        assertEquals(List.of("a"), s.tables().stream().map(TableSource::name).toList());
        assertEquals(List.of("s.sql:1:1: ignored 2 SET statements (they change no table; the first is here)",
                        "s.sql:3:1: ignored 1 DROP TABLE statement (they change no table; the first is here)",
                        "s.sql:5:1: ignored 1 LOCK TABLES statement (they change no table; the first is here)",
                        "s.sql:6:1: ignored 2 ALTER TABLE … DISABLE/ENABLE KEYS statements (they change no table; the first is here)",
                        "s.sql:8:1: ignored 1 UNLOCK TABLES statement (they change no table; the first is here)",
                        "s.sql:9:1: ignored 2 transaction control statements (they change no table; the first is here)"),
                s.ignored().stream().filter(i -> !i.kind().equals("empty statement")).map(IgnoredStatements::render).sorted().toList());
    }

    @Test
    void aDropOfATableInAnotherFileIsStillANoOp() {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("a.sql", "DROP TABLE IF EXISTS b, `c`;", "b.sql",
                "CREATE TABLE b (id int);", "c.sql", "CREATE TABLE C (id int);"));
        assertEquals(List.of(), s.problems());
    }

    @Test
    void changesOfDataOrSchemaOutsideCreateTableAreErrorsWithReasonAndFix() {
        SchemaSource s = load("""
                CREATE TABLE t (id int PRIMARY KEY);
                INSERT INTO t VALUES (1);
                ALTER TABLE t ADD COLUMN x int;
                CREATE UNIQUE INDEX ix ON t (id);
                DROP TABLE gone;
                /*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */ /*!50001 VIEW `v` AS SELECT 1 */;
                CREATE DATABASE other;
                USE other;
                CREATE TABLE q (id int) SELECT * FROM mysql.user;
                CREATE TABLE r (id int) (SELECT 1);
                CREATE TABLE l LIKE t;
                CREATE TEMPORARY TABLE tmp (id int);
                TRUNCATE t;
                GRANT ALL ON *.* TO x;
                """);
        assertEquals(List.of("t"), s.tables().stream().map(TableSource::name).toList());
        List<String> got = s.problems().stream().map(p -> p.line() + " " + p.message()).toList();
        assertEquals(13, got.size(), String.join("\n", got));
        assertTrue(got.get(0).startsWith("2 INSERT changes data"), got.get(0));
        assertTrue(got.get(1).startsWith("3 ALTER TABLE is not run") && got.get(1).contains("CREATE TABLE of `t`"), got.get(1));
        assertTrue(got.get(2).startsWith("4 CREATE INDEX") && got.get(2).contains("KEY name (columns)"), got.get(2));
        assertTrue(got.get(3).startsWith("5 DROP TABLE of `gone`") && got.get(3).contains("deleting its CREATE TABLE"), got.get(3));
        assertTrue(got.get(4).startsWith("6 shadowbot manages tables only, not a VIEW"), got.get(4));
        assertTrue(got.get(5).startsWith("7 CREATE DATABASE"), got.get(5));
        assertTrue(got.get(6).startsWith("8 USE"), got.get(6));
        assertTrue(got.get(7).startsWith("9 CREATE TABLE `q` … SELECT copies rows"), got.get(7));
        assertTrue(got.get(8).startsWith("10 CREATE TABLE `r` … SELECT copies rows"), got.get(8));
        assertTrue(got.get(9).startsWith("11 CREATE TABLE … LIKE"), got.get(9));
        assertTrue(got.get(10).startsWith("12 temporary tables"), got.get(10));
        assertTrue(got.get(11).startsWith("13 TRUNCATE changes data"), got.get(11));
        assertTrue(got.get(12).startsWith("14 GRANT changes privileges"), got.get(12));
        assertTrue(s.problems().stream().allMatch(p -> p.code().equals(SourceProblem.UNSUPPORTED_STATEMENT)));
    }

    @Test
    void aQueryHiddenInAnExecutableCommentIsFoundToo() {
        SchemaSource s = load("CREATE TABLE q (id int) /*!50000 SELECT 1 */;\nCREATE TABLE p (id int) /* SELECT 1 */;");
        assertEquals(1, s.problems().size());
        assertEquals(List.of("p"), s.tables().stream().map(TableSource::name).toList());
    }

    @Test
    void partitionValuesAreNotAQuery() {
        SchemaSource s = load("CREATE TABLE p (id int) PARTITION BY LIST (id) (PARTITION a VALUES IN (1), PARTITION b"
                + " VALUES LESS THAN (5));");
        assertEquals(List.of(), s.problems());
    }

    @Test
    void createOrReplaceAndIfNotExistsAreCreateTables() {
        SchemaSource s = load("CREATE OR REPLACE TABLE a (id int);\nCREATE TABLE IF NOT EXISTS `b``c` (id int);");
        assertEquals(List.of("a", "b`c"), s.tables().stream().map(TableSource::name).toList());
    }

    @Test
    void triggersInADumpNameTheDumpOption() {
        SchemaSource s = load("DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER tr"
                + " BEFORE INSERT ON t FOR EACH ROW SET @a = 1 */;;\nDELIMITER ;\n");
        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).message().contains("--skip-triggers"), s.problems().get(0).message());
        assertEquals(2, s.problems().get(0).line());
    }

    @Test
    void aRealNoDataDumpLoadsEveryTableAndNotesTheRest() throws Exception {
        // Written by mariadb-dump 10.11 --no-data with its default options, unedited.
        SchemaSource s = SchemaLoader.fromFiles(Map.of("app.sql", resource("/schema-scenarios/11-dump-default-mariadb-dump/captured-10.11/app-schema.sql")));
        assertEquals(List.of(), s.problems());
        assertEquals(List.of("customers", "events", "order_lines", "orders", "sessions"),
                s.tables().stream().map(TableSource::name).toList());
        assertEquals(List.of("SET", "DROP TABLE"), s.ignored().stream().map(IgnoredStatements::kind).toList());
        assertEquals(8, s.ignored().get(0).line());
    }

    @Test
    void aRealDumpWithDataIsRefusedAtEachInsertWithTheFix() throws Exception {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("app.sql", resource("/schema-dumps/mariadb-10.11-with-data.sql")));
        assertEquals(5, s.tables().size());
        assertEquals(1, s.problems().size());
        SourceProblem p = s.problems().get(0);
        assertEquals("app.sql:43:1", p.file() + ":" + p.line() + ":" + p.column());
        assertTrue(p.message().contains("--no-data"), p.message());
        assertTrue(s.ignored().stream().map(IgnoredStatements::kind).toList()
                .containsAll(List.of("LOCK TABLES", "UNLOCK TABLES", "ALTER TABLE … DISABLE/ENABLE KEYS")));
    }

    private static String resource(String name) throws Exception {
        return new String(StatementClassifierTest.class.getResourceAsStream(name).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
