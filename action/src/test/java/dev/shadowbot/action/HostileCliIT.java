package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.BufferedWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input end to end through the CLI ({@link Main#run}) against a real server: a 10 MB schema
 * file, 2,000 tables, 5,000 nested parentheses, a malformed config, passwords full of URL syntax. Each
 * gives a plan or a clear error naming file:line (or the setting) — never a stack trace, a
 * StackOverflowError or an OutOfMemoryError — the password is never printed, and in the error cases
 * nothing on the server changed.
 */
@RealDatabase
class HostileCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoThousandTablesPlanWithinReason(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE t0 (id INT NOT NULL PRIMARY KEY)");
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("many.sql"))) {
            for (int i = 0; i < 2000; i++) {
                w.write("CREATE TABLE t" + i + " (\n  id INT NOT NULL PRIMARY KEY,\n  v VARCHAR(20) NULL" + (i == 0 ? ",\n  w INT NULL" : "")
                        + "\n);\n");
            }
        }
        var before = snapshot(db);
        long start = System.nanoTime();
        PlanCommandIT.Run r = PlanCommandIT.run("plan", "--schema-dir", dir.toString(), "--database", db.url().toString(),
                "--format", "json");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertClean(r);
        assertEquals(0, r.exit(), r.err());
        JsonNode plan = JSON.readTree(r.out());
        assertEquals(2000, plan.get("changes").size(), "one change per table (1 altered, 1,999 created)");
        assertEquals(before, snapshot(db), "plan changes nothing");
        record("hostile-cli: 2,000 tables planned in " + ms + " ms");
    }

    @Test
    void aTenMegabyteFilePlansAndATenMegabyteBadLiteralIsLocated(TestDb db, @TempDir Path dir) throws Exception {
        Path good = Files.createDirectories(dir.resolve("good"));
        try (BufferedWriter w = Files.newBufferedWriter(good.resolve("big.sql"))) {
            w.write("CREATE TABLE big (\n  id INT NOT NULL PRIMARY KEY\n);\n");
            String line = "-- " + "x".repeat(96) + "\n";
            for (int i = 0; i < 105_000; i++) { // 10.5 MB of comment lines
                w.write(line);
            }
            w.write("CREATE TABLE tail (id INT NOT NULL PRIMARY KEY);\n");
        }
        assertTrue(Files.size(good.resolve("big.sql")) > 10_000_000);
        var before = snapshot(db);
        PlanCommandIT.Run ok = PlanCommandIT.run("plan", "--schema-dir", good.toString(), "--database", db.url().toString(),
                "--format", "json");
        assertClean(ok);
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(2, JSON.readTree(ok.out()).get("changes").size(), ok.out());

        Path bad = Files.createDirectories(dir.resolve("bad"));
        try (BufferedWriter w = Files.newBufferedWriter(bad.resolve("huge.sql"))) {
            w.write("CREATE TABLE ok (id INT NOT NULL PRIMARY KEY);\n\nCREATE TABLE huge (\n  id INT NOT NULL PRIMARY KEY,\n"
                    + "  v VARCHAR(10) DEFAULT '");
            String chunk = "y".repeat(1000);
            for (int i = 0; i < 10_500; i++) { // an unterminated 10.5 MB string literal
                w.write(chunk);
            }
        }
        PlanCommandIT.Run r = PlanCommandIT.run("plan", "--schema-dir", bad.toString(), "--database", db.url().toString());
        assertClean(r);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("huge.sql:"), "names the file and line: " + head(r.err()));
        assertTrue(r.err().length() < 5_000, "does not echo the 10 MB back: " + r.err().length() + " chars");
        assertEquals(before, snapshot(db), "nothing changed");
    }

    @Test
    void fiveThousandNestedParenthesesGiveAnErrorOrAPlanNeverAStackOverflow(TestDb db, @TempDir Path dir) throws Exception {
        int depth = 5000;
        String nested = "(".repeat(depth) + "1" + ")".repeat(depth);
        Files.writeString(dir.resolve("deep.sql"), "CREATE TABLE deep (\n  id INT NOT NULL PRIMARY KEY,\n  n INT NOT NULL DEFAULT "
                + nested + ",\n  CONSTRAINT ck CHECK (n > " + nested + ")\n);\n");
        var before = snapshot(db);
        PlanCommandIT.Run r = PlanCommandIT.run("plan", "--schema-dir", dir.toString(), "--database", db.url().toString());
        assertClean(r);
        assertTrue(r.exit() == 0 || (r.exit() == 2 && r.err().contains("deep.sql:")), "a plan, or an error at the file: exit "
                + r.exit() + " " + head(r.err()));
        assertEquals(before, snapshot(db), "plan changes nothing");
        record("hostile-cli: " + depth + " nested parentheses in DEFAULT and CHECK -> exit " + r.exit() + ": "
                + head(r.err()).lines().findFirst().orElse("(plan)"));
    }

    @Test
    void malformedConfigIsLocatedAtFileLineColumn(TestDb db, @TempDir Path dir) throws Exception {
        Path schema = Files.createDirectories(dir.resolve("schema"));
        Files.writeString(schema.resolve("a.sql"), "CREATE TABLE a (id INT NOT NULL PRIMARY KEY);\n");
        Path cfg = Files.createDirectories(dir.resolve(".github")).resolve("shadowbot.yml");
        var before = snapshot(db);
        List<String> bad = List.of("lint:\n  rules: [unclosed\n", "lint:\n\t- tab\n", "revert_window: {a: [}\n",
                "- just\n- a list\n", "\u0000\u0001binary", "lint:\n  rules:\n    no-such-rule: error\n", "key: &a [*a]\n");
        for (String text : bad) {
            Files.writeString(cfg, text);
            PlanCommandIT.Run r = PlanCommandIT.run("plan", "--schema-dir", schema.toString(), "--database",
                    db.url().toString(), "--config", cfg.toString());
            assertClean(r);
            assertEquals(2, r.exit(), text + " -> " + r.err());
            assertTrue(r.err().matches("(?s).*shadowbot\\.yml:\\d+:\\d+: .*"), "file:line:column for " + text.strip() + ": "
                    + head(r.err()));
        }
        assertEquals(before, snapshot(db), "nothing changed");
    }

    @Test
    void oddPasswordsConnectOrFailClearlyAndAreNeverPrinted(TestDb db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.sql"), "CREATE TABLE a (id INT NOT NULL PRIMARY KEY);\n");
        String password = "p@ss:w/rd?x#y%z' \u00fc\u00df\u20ac spaced";
        String user = "sb_odd_" + db.schema().substring(4);
        db.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password.replace("'", "''") + "'",
                "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'%'");
        try {
            String host = db.url().host() + ":" + db.url().port();
            String enc = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
            var before = snapshot(db);
            List<String> secrets = List.of(password, enc, "p@ss", "w/rd");

            PlanCommandIT.Run ok = PlanCommandIT.run("plan", "--schema-dir", dir.toString(), "--database",
                    "mysql://" + user + ":" + enc + "@" + host + "/" + db.schema(), "--format", "json");
            assertClean(ok);
            assertEquals(0, ok.exit(), "a percent-encoded odd password connects: " + redact(ok.err(), secrets));
            assertNoSecret(ok, secrets);

            List<String> urls = new ArrayList<>(List.of(
                    "mysql://" + user + ":" + password + "@" + host + "/" + db.schema(), // raw: '@', '/', '?', '#' break the URL
                    "mysql://" + user + ":" + enc.replace("%40", "%4") + "@" + host + "/" + db.schema(), // bad escape
                    "mysql://" + user + ":" + URLEncoder.encode(password + "wrong", StandardCharsets.UTF_8) + "@" + host + "/"
                            + db.schema()));
            for (String url : urls) {
                PlanCommandIT.Run r = PlanCommandIT.run("plan", "--schema-dir", dir.toString(), "--database", url);
                assertClean(r);
                assertNoSecret(PlanCommandIT.run("plan", "--schema-dir", dir.toString(), "--database", url, "--debug"), secrets);
                assertTrue(r.exit() == 0 || r.exit() == 2 || r.exit() == 3, "connects or a clear error: exit " + r.exit());
                if (r.exit() != 0) {
                    assertTrue(r.err().contains("shadowbot: ") && r.err().contains("next: "), redact(r.err(), secrets));
                }
                assertNoSecret(r, secrets);
            }
            assertEquals(before, snapshot(db), "nothing changed");
        } finally {
            db.exec("DROP USER '" + user + "'@'%'");
        }
    }

    /** No stack trace, no JVM error, no internal error. */
    private static void assertClean(PlanCommandIT.Run r) {
        String all = r.out() + r.err();
        for (String bad : List.of("StackOverflowError", "OutOfMemoryError", "internal error", "\tat ")) {
            assertFalse(all.contains(bad), "'" + bad + "' in the output: " + head(all));
        }
    }

    private static void assertNoSecret(PlanCommandIT.Run r, List<String> secrets) {
        for (String s : secrets) {
            assertFalse(r.out().contains(s) || r.err().contains(s), "the password (or a piece of it) was printed: "
                    + redact(r.err(), secrets));
        }
    }

    private static String redact(String text, List<String> secrets) {
        String t = text;
        for (String s : secrets) {
            t = t.replace(s, "<SECRET>");
        }
        return head(t);
    }

    private static String head(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    /** The target schema's tables and columns, and the list of schemas on the server. */
    private static List<List<String>> snapshot(TestDb db) {
        List<List<String>> out = new ArrayList<>(db.query("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM"
                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db.schema() + "' ORDER BY 1, ORDINAL_POSITION"));
        out.addAll(db.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT LIKE 'sbt\\_%'"
                + " ORDER BY 1"));
        return out;
    }

    private static void record(String line) throws java.io.IOException {
        PhaseKillIT.record(line);
    }
}
