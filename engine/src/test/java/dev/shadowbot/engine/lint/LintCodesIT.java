package dev.shadowbot.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.SchemaLoader;
import dev.shadowbot.engine.schema.SchemaRejectedException;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lint code fires on its minimal case and stays quiet on the near miss, planned against a
 * real server with real rows (the data-dependent checks count them).
 */
@RealDatabase
class LintCodesIT {
    private static final Set<LintCode> COVERED = EnumSet.noneOf(LintCode.class);

    /**
     * @param live    statements run on the live schema first (tables and rows)
     * @param desired the schema file {@code t.sql} (plus {@code parent.sql} when given with "--file parent.sql")
     */
    record Case(String name, LintCode code, boolean fires, List<String> live, String desired) {
        @Override
        public String toString() {
            return code.id() + (fires ? " fires: " : " quiet: ") + name;
        }
    }

    static Case fires(LintCode code, String name, String desired, String... live) {
        return new Case(name, code, true, List.of(live), desired);
    }

    static Case quiet(LintCode code, String name, String desired, String... live) {
        return new Case(name, code, false, List.of(live), desired);
    }

    static Stream<Arguments> cases() {
        String pkT = "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL)";
        return Stream.of(
                fires(LintCode.NO_UNIQUE_KEY, "heap table altered",
                        "CREATE TABLE t (a INT, b INT, c INT)", "CREATE TABLE t (a INT, b INT)"),
                quiet(LintCode.NO_UNIQUE_KEY, "not-null unique key is enough",
                        "CREATE TABLE t (a INT NOT NULL, b INT, c INT, UNIQUE KEY ua (a))",
                        "CREATE TABLE t (a INT NOT NULL, b INT, UNIQUE KEY ua (a))"),
                fires(LintCode.NO_SHARED_UNIQUE_KEY, "primary key moves to another column",
                        "CREATE TABLE t (id INT NOT NULL, code INT NOT NULL, PRIMARY KEY (code))",
                        "CREATE TABLE t (id INT NOT NULL, code INT NOT NULL, PRIMARY KEY (id))"),
                quiet(LintCode.NO_SHARED_UNIQUE_KEY, "INT primary key widened to BIGINT",
                        "CREATE TABLE t (id BIGINT NOT NULL, a INT NULL, PRIMARY KEY (id))",
                        "CREATE TABLE t (id INT NOT NULL, a INT NULL, PRIMARY KEY (id))"),
                quiet(LintCode.NO_SHARED_UNIQUE_KEY, "VARCHAR primary key made longer in the same collation",
                        "CREATE TABLE t (k VARCHAR(40) NOT NULL, a INT NULL, PRIMARY KEY (k)) DEFAULT CHARSET=utf8mb4"
                                + " COLLATE=utf8mb4_bin",
                        "CREATE TABLE t (k VARCHAR(20) NOT NULL, a INT NULL, PRIMARY KEY (k)) DEFAULT CHARSET=utf8mb4"
                                + " COLLATE=utf8mb4_bin"),
                fires(LintCode.NO_SHARED_UNIQUE_KEY, "BIGINT primary key narrowed to INT",
                        "CREATE TABLE t (id INT NOT NULL, a INT NULL, PRIMARY KEY (id))",
                        "CREATE TABLE t (id BIGINT NOT NULL, a INT NULL, PRIMARY KEY (id))"),
                fires(LintCode.NO_SHARED_UNIQUE_KEY, "VARCHAR primary key made case-insensitive",
                        "CREATE TABLE t (k VARCHAR(20) NOT NULL, a INT NULL, PRIMARY KEY (k)) DEFAULT CHARSET=utf8mb4"
                                + " COLLATE=utf8mb4_general_ci",
                        "CREATE TABLE t (k VARCHAR(20) NOT NULL, a INT NULL, PRIMARY KEY (k)) DEFAULT CHARSET=utf8mb4"
                                + " COLLATE=utf8mb4_bin"),
                quiet(LintCode.NO_SHARED_UNIQUE_KEY, "primary key kept, unique key added",
                        "CREATE TABLE t (id INT NOT NULL, code INT NOT NULL, PRIMARY KEY (id), UNIQUE KEY uc (code))",
                        "CREATE TABLE t (id INT NOT NULL, code INT NOT NULL, PRIMARY KEY (id))"),
                fires(LintCode.FOREIGN_KEY, "child with a foreign key altered",
                        "CREATE TABLE t (id INT PRIMARY KEY, p INT, x INT, CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES parent (id))"
                                + "--file parent.sql CREATE TABLE parent (id INT PRIMARY KEY)",
                        "CREATE TABLE parent (id INT PRIMARY KEY)",
                        "CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES parent (id))"),
                fires(LintCode.FOREIGN_KEY, "parent referenced by a child altered",
                        "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))"
                                + "--file child.sql CREATE TABLE child (id INT PRIMARY KEY, p INT, CONSTRAINT fk_c FOREIGN KEY (p) REFERENCES t (id))",
                        "CREATE TABLE t (id INT PRIMARY KEY)",
                        "CREATE TABLE child (id INT PRIMARY KEY, p INT, CONSTRAINT fk_c FOREIGN KEY (p) REFERENCES t (id))"),
                quiet(LintCode.FOREIGN_KEY, "table without foreign keys altered",
                        "CREATE TABLE t (id INT PRIMARY KEY, x INT)", "CREATE TABLE t (id INT PRIMARY KEY)"),
                fires(LintCode.NON_INNODB, "MyISAM table altered",
                        "CREATE TABLE t (id INT PRIMARY KEY, x INT) ENGINE=MyISAM", "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=MyISAM"),
                quiet(LintCode.NON_INNODB, "InnoDB table altered",
                        "CREATE TABLE t (id INT PRIMARY KEY, x INT) ENGINE=InnoDB", "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB"),
                fires(LintCode.FK_ORDER, "both ends of a kept foreign key change type",
                        "CREATE TABLE t (id BIGINT PRIMARY KEY)--file child.sql CREATE TABLE child (id INT PRIMARY KEY,"
                                + " p BIGINT, CONSTRAINT fk_c FOREIGN KEY (p) REFERENCES t (id))",
                        "CREATE TABLE t (id INT PRIMARY KEY)",
                        "CREATE TABLE child (id INT PRIMARY KEY, p INT, CONSTRAINT fk_c FOREIGN KEY (p) REFERENCES t (id))"),
                quiet(LintCode.FK_ORDER, "the parent changes a column no foreign key uses",
                        "CREATE TABLE t (id INT PRIMARY KEY, x INT)--file child.sql CREATE TABLE child (id INT PRIMARY KEY,"
                                + " p INT, CONSTRAINT fk_c FOREIGN KEY (p) REFERENCES t (id))",
                        "CREATE TABLE t (id INT PRIMARY KEY)",
                        "CREATE TABLE child (id INT PRIMARY KEY, p INT, CONSTRAINT fk_c FOREIGN KEY (p) REFERENCES t (id))"),
                fires(LintCode.DROP_TABLE, "file removed",
                        "CREATE TABLE t (id INT PRIMARY KEY)", "CREATE TABLE t (id INT PRIMARY KEY)", "CREATE TABLE gone (id INT PRIMARY KEY)"),
                quiet(LintCode.DROP_TABLE, "every table still has its file",
                        "CREATE TABLE t (id INT PRIMARY KEY, x INT)", "CREATE TABLE t (id INT PRIMARY KEY)"),
                fires(LintCode.DROP_COLUMN, "column removed", "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL)", pkT),
                quiet(LintCode.DROP_COLUMN, "column added",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, c INT)", pkT),
                fires(LintCode.NARROWING, "varchar shortened",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(50) NULL)", pkT),
                fires(LintCode.NARROWING, "int to smallint",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a SMALLINT NULL, b VARCHAR(100) NULL)", pkT),
                fires(LintCode.NARROWING, "enum value removed",
                        "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b'))", "CREATE TABLE t (id INT PRIMARY KEY, s ENUM('a','b','c'))"),
                fires(LintCode.NARROWING, "latin1 varchar(60000) to utf8mb4 text: 180,000 bytes into 65,535",
                        "CREATE TABLE t (id INT PRIMARY KEY, v TEXT CHARACTER SET utf8mb4)",
                        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60000) CHARACTER SET latin1)"),
                quiet(LintCode.NARROWING, "latin1 to utf8mb4 at the same length in characters",
                        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100) CHARACTER SET utf8mb4)",
                        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100) CHARACTER SET latin1)"),
                quiet(LintCode.NARROWING, "varchar lengthened",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(200) NULL)", pkT),
                fires(LintCode.NOT_NULL_NO_DEFAULT, "NULLs on live",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NOT NULL, b VARCHAR(100) NULL)", pkT,
                        "INSERT INTO t VALUES (1, NULL, 'x'), (2, 5, 'y')"),
                quiet(LintCode.NOT_NULL_NO_DEFAULT, "no NULLs on live",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NOT NULL, b VARCHAR(100) NULL)", pkT,
                        "INSERT INTO t VALUES (1, 4, 'x'), (2, 5, 'y')"),
                fires(LintCode.NEW_UNIQUE, "duplicates on live",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, UNIQUE KEY ub (b))", pkT,
                        "INSERT INTO t VALUES (1, 1, 'dup'), (2, 2, 'dup'), (3, 3, 'ok'), (4, 4, NULL), (5, 5, NULL)"),
                quiet(LintCode.NEW_UNIQUE, "NULLs never collide",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, UNIQUE KEY ub (b))", pkT,
                        "INSERT INTO t VALUES (1, 1, 'a'), (2, 2, 'b'), (4, 4, NULL), (5, 5, NULL)"),
                fires(LintCode.NEW_UNIQUE, "a unique column made case-insensitive over values differing in case",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(20) COLLATE utf8mb4_general_ci, UNIQUE KEY ue (e))"
                                + " DEFAULT CHARSET=utf8mb4",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(20) COLLATE utf8mb4_bin, UNIQUE KEY ue (e))"
                                + " DEFAULT CHARSET=utf8mb4",
                        "INSERT INTO t VALUES (1, 'ann@x'), (2, 'ANN@x'), (3, 'bob@x')"),
                quiet(LintCode.NEW_UNIQUE, "a unique column made case-insensitive, no values differing only in case",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(20) COLLATE utf8mb4_general_ci, UNIQUE KEY ue (e))"
                                + " DEFAULT CHARSET=utf8mb4",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(20) COLLATE utf8mb4_bin, UNIQUE KEY ue (e))"
                                + " DEFAULT CHARSET=utf8mb4",
                        "INSERT INTO t VALUES (1, 'ann@x'), (2, 'bob@x')"),
                fires(LintCode.TRIGGERS, "a trigger on the live table",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, c INT NULL)", pkT,
                        "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1"),
                quiet(LintCode.TRIGGERS, "no trigger",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, c INT NULL)", pkT),
                fires(LintCode.ADDED_NOT_NULL_NO_DEFAULT, "column added NOT NULL without a default",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, c INT NOT NULL)", pkT),
                quiet(LintCode.ADDED_NOT_NULL_NO_DEFAULT, "column added NOT NULL with a default",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, c INT NOT NULL DEFAULT 0)",
                        pkT),
                fires(LintCode.REDUNDANT_INDEX, "left prefix",
                        "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY ia (a), KEY iab (a, b))"),
                quiet(LintCode.REDUNDANT_INDEX, "different leading column",
                        "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY ib (b), KEY iab (a, b))"),
                fires(LintCode.DUPLICATE_INDEX, "same columns twice",
                        "CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i1 (a), KEY i2 (a))"),
                quiet(LintCode.DUPLICATE_INDEX, "different columns",
                        "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY i1 (a), KEY i2 (b))"),
                fires(LintCode.AUTO_INC_CAPACITY, "tinyint counter at 120 of 127",
                        "CREATE TABLE t (id TINYINT NOT NULL AUTO_INCREMENT PRIMARY KEY, x INT)",
                        "CREATE TABLE t (id TINYINT NOT NULL AUTO_INCREMENT PRIMARY KEY)", "INSERT INTO t VALUES (119)"),
                quiet(LintCode.AUTO_INC_CAPACITY, "tinyint counter at 10",
                        "CREATE TABLE t (id TINYINT NOT NULL AUTO_INCREMENT PRIMARY KEY, x INT)",
                        "CREATE TABLE t (id TINYINT NOT NULL AUTO_INCREMENT PRIMARY KEY)", "INSERT INTO t VALUES (9)"),
                fires(LintCode.FLOAT_TYPE, "FLOAT column", "CREATE TABLE t (id INT PRIMARY KEY, price FLOAT)"),
                quiet(LintCode.FLOAT_TYPE, "DECIMAL column", "CREATE TABLE t (id INT PRIMARY KEY, price DECIMAL(10,2))"),
                fires(LintCode.CHARSET, "latin1 column",
                        "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10) CHARACTER SET latin1) DEFAULT CHARSET=utf8mb4"),
                quiet(LintCode.CHARSET, "utf8mb4 everywhere",
                        "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10)) DEFAULT CHARSET=utf8mb4"),
                fires(LintCode.RESERVED_WORD, "column named order", "CREATE TABLE t (id INT PRIMARY KEY, `order` INT)"),
                quiet(LintCode.RESERVED_WORD, "column named order_id", "CREATE TABLE t (id INT PRIMARY KEY, order_id INT)"),
                fires(LintCode.RENAME_HINT, "same definition, new name",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, full_name VARCHAR(100) NULL)", pkT),
                quiet(LintCode.RENAME_HINT, "different definition",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, full_name VARCHAR(30) NOT NULL)", pkT),
                fires(LintCode.REVERT_LOSES_COLUMN_DATA, "column added",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL, b VARCHAR(100) NULL, c INT)", pkT),
                quiet(LintCode.REVERT_LOSES_COLUMN_DATA, "only a default changes",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL DEFAULT 3, b VARCHAR(100) NULL)", pkT),
                fires(LintCode.REVERT_MAY_FAIL_WIDENING, "int to bigint",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a BIGINT NULL, b VARCHAR(100) NULL)", pkT),
                quiet(LintCode.REVERT_MAY_FAIL_WIDENING, "comment only",
                        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a INT NULL COMMENT 'x', b VARCHAR(100) NULL)", pkT),
                fires(LintCode.REVERT_MAY_FAIL_UNIQUE, "unique key dropped",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(50))",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(50), UNIQUE KEY ue (e))"),
                quiet(LintCode.REVERT_MAY_FAIL_UNIQUE, "unique key kept",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(50), x INT, UNIQUE KEY ue (e))",
                        "CREATE TABLE t (id INT PRIMARY KEY, e VARCHAR(50), UNIQUE KEY ue (e))"),
                fires(LintCode.REVERT_MAY_FAIL_NOT_NULL, "NOT NULL relaxed",
                        "CREATE TABLE t (id INT PRIMARY KEY, a INT NULL)", "CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL)"),
                fires(LintCode.REVERT_MAY_FAIL_NOT_NULL, "NOT NULL column without default dropped",
                        "CREATE TABLE t (id INT PRIMARY KEY)", "CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL)"),
                quiet(LintCode.REVERT_MAY_FAIL_NOT_NULL, "nullable stays nullable",
                        "CREATE TABLE t (id INT PRIMARY KEY, a BIGINT NULL)", "CREATE TABLE t (id INT PRIMARY KEY, a INT NULL)"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firesOnTheMinimalCaseAndStaysQuietOnTheNearMiss(Case c, TestDb db) throws Exception {
        db.exec(c.live().toArray(String[]::new));
        Map<String, String> files = files(c.desired());
        LintReport report = lint(db, files, false);
        List<Finding> matching = report.findings().stream().filter(f -> f.code() == c.code()).toList();
        if (c.fires()) {
            assertFalse(matching.isEmpty(), c + ": expected " + c.code().id() + " in " + report.findings());
            Finding f = matching.get(0);
            assertFalse(f.message().isBlank());
            assertFalse(f.explanation().isBlank());
            if (c.code() != LintCode.DROP_TABLE) {
                assertTrue(f.line() > 0 && !f.file().isEmpty(), "finding points at file:line: " + f);
            }
            COVERED.add(c.code());
        } else {
            assertTrue(matching.isEmpty(), c + ": expected no " + c.code().id() + " but got " + matching);
        }
    }

    @Test
    void aChangeOfCharsetIsNamedInTheMessage(TestDb db) throws Exception {
        db.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(128) CHARACTER SET latin1)");
        LintReport r = lint(db, Map.of("t.sql",
                "CREATE TABLE t (id INT PRIMARY KEY,\n name VARCHAR(128) CHARACTER SET utf8mb4)"), false);
        Finding f = r.findings().stream().filter(x -> x.code() == LintCode.REVERT_MAY_FAIL_WIDENING).findFirst()
                .orElseThrow();
        assertTrue(f.message().contains("fits varchar(128) utf8mb4 but not varchar(128) latin1"), f.message());
        assertTrue(r.findings().stream().noneMatch(x -> x.code() == LintCode.NARROWING), r.findings().toString());
    }

    @Test
    void onlyTheBestRenameMatchIsHinted(TestDb db) throws Exception {
        db.exec("CREATE TABLE t (id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50))");
        LintReport r = lint(db, Map.of("t.sql",
                "CREATE TABLE t (id INT PRIMARY KEY, given_name VARCHAR(50), family_name VARCHAR(50))"), true);
        List<String> hints = r.findings().stream().filter(x -> x.code() == LintCode.RENAME_HINT).map(Finding::message)
                .toList();
        assertEquals(2, hints.size(), hints.toString());
    }

    @Test
    void dataDependentMessagesCountTheRows(TestDb db) throws Exception {
        db.exec("CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50), n INT NULL)",
                "INSERT INTO t VALUES (1,'a@x',NULL),(2,'a@x',NULL),(3,'a@x',1),(4,'b@x',2),(5,'b@x',NULL),(6,'c@x',3)");
        LintReport r = lint(db, Map.of("t.sql",
                "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(50), n INT NOT NULL, UNIQUE KEY ue (email))"), false);
        Finding unique = r.findings().stream().filter(f -> f.code() == LintCode.NEW_UNIQUE).findFirst().orElseThrow();
        assertTrue(unique.message().startsWith("2 duplicate values of email"), unique.message());
        assertTrue(unique.message().contains("(3 rows too many"), unique.message());
        Finding nulls = r.findings().stream().filter(f -> f.code() == LintCode.NOT_NULL_NO_DEFAULT).findFirst().orElseThrow();
        assertTrue(nulls.message().contains("3 live rows hold NULL"), nulls.message());
        assertEquals(1, nulls.line(), "points at the line of n in t.sql");
    }

    @Test
    void allowDataLossLiftsOnlyDataLossErrors(TestDb db) throws Exception {
        db.exec("CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)", "CREATE TABLE heap (x INT)", "CREATE TABLE gone (id INT PRIMARY KEY)");
        Map<String, String> files = Map.of("t.sql", "CREATE TABLE t (id INT PRIMARY KEY, a INT)",
                "heap.sql", "CREATE TABLE heap (x INT, y INT)");
        LintReport strict = lint(db, files, false);
        assertFalse(strict.deployable());
        LintReport allowed = lint(db, files, true);
        assertFalse(allowed.deployable(), "no-unique-key still blocks");
        assertTrue(allowed.findings().stream().filter(f -> f.code().category() == LintCategory.DATA_LOSS)
                .allMatch(f -> f.severity() == Severity.warning));
        db.exec("DROP TABLE heap");
        LintReport ok = lint(db, Map.of("t.sql", "CREATE TABLE t (id INT PRIMARY KEY, a INT)"), true);
        assertTrue(ok.deployable(), ok.findings().toString());
        assertTrue(ok.losesData());
    }

    @Test
    void suppressionAndConfigOverridesApply(TestDb db) throws Exception {
        String text = "-- shadowbot:ignore float-type prices are approximate by design\n"
                + "CREATE TABLE t (id INT PRIMARY KEY, price FLOAT, `order` INT)";
        Map<String, String> files = Map.of("t.sql", text);
        LintSettings settings = new LintSettings(Map.of(LintCode.RESERVED_WORD, Severity.error), List.of("utf8mb4"));
        LintReport r = lint(db, files, false, settings);
        Finding f = r.findings().stream().filter(x -> x.code() == LintCode.FLOAT_TYPE).findFirst().orElseThrow();
        assertEquals("prices are approximate by design", f.suppressedBecause());
        Finding reserved = r.findings().stream().filter(x -> x.code() == LintCode.RESERVED_WORD).findFirst().orElseThrow();
        assertEquals(Severity.error, reserved.severity());
        assertFalse(r.deployable());
        assertEquals(2, reserved.line());
    }

    @Test
    void revertabilityIsPredictedPerTable(TestDb db) throws Exception {
        db.exec("CREATE TABLE t (id INT PRIMARY KEY, a INT)", "CREATE TABLE u (id INT PRIMARY KEY, a INT)");
        LintReport r = lint(db, Map.of("t.sql", "CREATE TABLE t (id INT PRIMARY KEY, a BIGINT)",
                "u.sql", "CREATE TABLE u (id INT PRIMARY KEY, a INT, KEY ia (a))"), false);
        Map<String, Revertability> byTable = r.revertability().stream()
                .collect(Collectors.toMap(Revertability::table, x -> x));
        assertEquals(Revertability.Verdict.conditional, byTable.get("t").verdict());
        assertEquals(Revertability.Verdict.yes, byTable.get("u").verdict());
    }

    @Test
    void inputProblemsBecomeBlockingFindings() {
        SchemaSource src = SchemaLoader.fromFiles(Map.of("a.sql", "SET NAMES utf8mb4;\nCREATE TABLE a (id INT PRIMARY KEY);\nDROP TABLE b;",
                "b.sql", "CREATE TABLE a (id INT PRIMARY KEY)", "c.sql", "CREATE TABLE c (id INT COMMENT 'open)"));
        LintReport r = new Linter(LintSettings.DEFAULTS).lint(new Plan("app", List.of(), src.problems()), src, Map.of(),
                Optional.empty(), true);
        Set<LintCode> codes = r.findings().stream().map(Finding::code).collect(Collectors.toSet());
        assertEquals(EnumSet.of(LintCode.UNSUPPORTED_STATEMENT, LintCode.DUPLICATE_TABLE, LintCode.PARSE_ERROR,
                LintCode.IGNORED_STATEMENT), codes);
        assertFalse(r.deployable(), "--allow-data-loss never lifts input errors");
        assertTrue(r.findings().stream().filter(f -> f.code() == LintCode.IGNORED_STATEMENT).noneMatch(Finding::blocks));
        COVERED.addAll(codes);
    }

    @Test
    void statementsTheServerRefusesBecomeFindingsAtTheirLine(TestDb db) {
        SchemaSource src = SchemaLoader.fromFiles(Map.of("a.sql", "\nCREATE TABLE a (id INT PRIMARY KEY, id INT)"));
        SchemaRejectedException e = org.junit.jupiter.api.Assertions.assertThrows(SchemaRejectedException.class,
                () -> Planner.plan(src, db.url()));
        SchemaSource rejected = src.withProblems(e.problems());
        LintReport r = new Linter(LintSettings.DEFAULTS).lint(new Plan("app", List.of(), rejected.problems()), rejected,
                Map.of(), Optional.empty(), false);
        Finding f = r.findings().get(0);
        assertEquals(LintCode.SERVER_REJECTED, f.code());
        assertEquals("a.sql:2", f.location());
        assertTrue(f.message().contains("Duplicate column name"), f.message());
        assertFalse(r.deployable());
        COVERED.add(LintCode.SERVER_REJECTED);
    }

    @Test
    void zeroDateFiresWhereTheServerAcceptsItAndIsRefusedWhereItDoesNot(TestDb db) throws Exception {
        Map<String, String> files = Map.of("t.sql",
                "CREATE TABLE t (id INT PRIMARY KEY,\n d DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00')");
        String mode = db.scalar("SELECT @@GLOBAL.sql_mode");
        if (mode.contains("NO_ZERO_DATE")) {
            // MySQL 8's default mode refuses the default itself: the plan stops at the file's line.
            dev.shadowbot.engine.ShadowbotException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.shadowbot.engine.ShadowbotException.class, () -> lint(db, files, false));
            assertEquals(dev.shadowbot.engine.ErrorCode.BAD_INPUT, e.code());
            assertTrue(e.getMessage().contains("t.sql:1"), e.getMessage());
        } else {
            Finding f = lint(db, files, false).findings().stream().filter(x -> x.code() == LintCode.ZERO_DATE)
                    .findFirst().orElseThrow();
            assertEquals(2, f.line());
            LintReport quiet = lint(db, Map.of("t.sql",
                    "CREATE TABLE t (id INT PRIMARY KEY, d DATETIME NOT NULL DEFAULT '2000-01-01 00:00:00')"), false);
            assertTrue(quiet.findings().stream().noneMatch(x -> x.code() == LintCode.ZERO_DATE));
        }
        COVERED.add(LintCode.ZERO_DATE);
    }

    @AfterAll
    static void everyCodeIsCovered() {
        Set<LintCode> expected = EnumSet.allOf(LintCode.class);
        if (COVERED.size() > 3) { // only meaningful when the parameterised cases ran in this JVM
            Set<LintCode> missing = EnumSet.copyOf(expected);
            missing.removeAll(COVERED);
            assertEquals(Set.of(), missing, "lint codes without a firing case");
        }
    }

    private static Map<String, String> files(String desired) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        String[] parts = desired.split("--file ");
        files.put("t.sql", parts[0].trim());
        Arrays.stream(parts).skip(1).forEach(p -> {
            int sp = p.indexOf(' ');
            files.put(p.substring(0, sp), p.substring(sp + 1).trim());
        });
        return files;
    }

    private static LintReport lint(TestDb db, Map<String, String> files, boolean allowDataLoss) throws Exception {
        return lint(db, files, allowDataLoss, LintSettings.DEFAULTS);
    }

    private static LintReport lint(TestDb db, Map<String, String> files, boolean allowDataLoss, LintSettings settings)
            throws Exception {
        SchemaSource src = SchemaLoader.fromFiles(files);
        Plan plan = Planner.plan(src, db.url());
        try (Connection c = db.connect()) {
            return new Linter(settings).lint(plan, src, files, Optional.of(new JdbcLiveData(c, db.schema())), allowDataLoss);
        }
    }
}
