package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadowbot plan} in-process, against the fixture's real server, in every format. */
@RealDatabase
class PlanCommandIT {
    private static final String USERS = """
            CREATE TABLE users (
              id bigint unsigned NOT NULL AUTO_INCREMENT,
              email varchar(255) NOT NULL,
              PRIMARY KEY (id),
              UNIQUE KEY uk_email (email)
            );
            """;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), java.util.Map.of());
        return new Run(exit, out.toString(), err.toString());
    }

    private static String url(TestDb db) {
        return db.url().toString();
    }

    @Test
    void textShowsCreateThenNoChangesOnceApplied(TestDb db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.sql"), USERS);
        Run first = run("plan", "--schema-dir", dir.toString(), "--database", url(db));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("== users (CREATE)  users.sql:1"), first.out());
        assertTrue(first.out().contains("+CREATE TABLE `users` ("), first.out());
        assertTrue(first.out().contains("-- DDL:\nCREATE TABLE `users` ("), first.out());

        db.exec(USERS);
        Run second = run("plan", "--schema-dir", dir.toString(), "--database", url(db));
        assertEquals(0, second.exit(), second.err());
        assertEquals("No changes: database `" + db.schema() + "` already matches the schema folder.\n", second.out());
    }

    @Test
    void textShowsTheDiffAndTheAlterWithARenameHint(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE users (id int NOT NULL PRIMARY KEY, fullname varchar(100) NOT NULL DEFAULT '')");
        Files.writeString(dir.resolve("users.sql"),
                "CREATE TABLE users (id int NOT NULL PRIMARY KEY, display_name varchar(100) NOT NULL DEFAULT '');\n");
        Run r = run("plan", "--schema-dir", dir.toString(), "--database", url(db));
        assertEquals(1, r.exit(), "drop-column is a data-loss error: " + r.err());
        assertTrue(r.out().contains("== users (ALTER)"), r.out());
        assertTrue(r.out().contains("error      drop-column"), r.out());
        assertTrue(r.out().contains("rename-hint"), r.out());
        assertTrue(r.out().contains("Deployable online: no"), r.out());
        assertEquals(0, run("plan", "--schema-dir", dir.toString(), "--database", url(db), "--allow-data-loss").exit(),
                "--allow-data-loss lifts it");
        assertTrue(r.out().contains("\n-  `fullname` varchar(100)"), r.out());
        assertTrue(r.out().contains("\n+  `display_name` varchar(100)"), r.out());
        assertTrue(r.out().contains("ALTER TABLE `users` DROP COLUMN `fullname`, ADD COLUMN `display_name`"), r.out());
        assertTrue(r.out().contains("-- hint: possible rename fullname -> display_name"), r.out());
    }

    @Test
    void jsonHasTheContractFields(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE legacy (id int PRIMARY KEY)");
        Files.writeString(dir.resolve("users.sql"), USERS);
        Run r = run("plan", "--schema-dir", dir.toString(), "--database", url(db), "--format", "json");
        assertEquals(1, r.exit(), "dropping `legacy` is a data-loss error: " + r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(db.schema(), json.get("database").asText());
        assertEquals(2, json.get("changes").size());
        JsonNode create = json.get("changes").get(0);
        assertEquals("users", create.get("table").asText());
        assertEquals("CREATE", create.get("kind").asText());
        assertTrue(create.get("ddl").get(0).asText().startsWith("CREATE TABLE `users`"));
        assertTrue(create.get("diff").asText().startsWith("--- a/users\n+++ b/users\n"));
        assertEquals("users.sql", create.get("file").asText());
        JsonNode drop = json.get("changes").get(1);
        assertEquals("DROP", drop.get("kind").asText());
        assertEquals("DROP TABLE `legacy`", drop.get("ddl").get(0).asText());
        JsonNode lint = json.get("lint");
        assertEquals("drop-table", lint.get(0).get("code").asText(), lint.toString());
        assertEquals("error", lint.get(0).get("severity").asText());
        assertEquals("legacy", lint.get(0).get("table").asText());
        assertFalse(json.get("deployable").asBoolean());
        assertEquals("conditional", create.get("revertible").asText(), "revert drops a created table");
    }

    @Test
    void markdownIsThePrCommentBody(TestDb db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.sql"), USERS);
        StringBuilder wide = new StringBuilder("CREATE TABLE wide (id int NOT NULL PRIMARY KEY");
        for (int i = 0; i < 30; i++) {
            wide.append(", c").append(i).append(" int");
        }
        Files.writeString(dir.resolve("wide.sql"), wide.append(");\n").toString());
        Run r = run("plan", "--schema-dir", dir.toString(), "--database", url(db), "--format", "markdown");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("### shadowbot plan for `" + db.schema() + "`\n"), r.out());
        assertTrue(r.out().contains("**2 CREATE**"), r.out());
        assertTrue(r.out().contains("<details open><summary><code>users</code> — create (users.sql:1)</summary>\n\n```diff\n"),
                r.out());
        assertTrue(r.out().contains("<details><summary><code>wide</code> — create (wide.sql:1)</summary>"), r.out());
        assertTrue(r.out().contains("| `users` | CREATE | none | conditional: revert drops the new table"), r.out());
        assertTrue(r.out().contains("```sql\nCREATE TABLE `users` ("), r.out());
    }

    @Test
    void badSchemaFilesExitTwoWithEveryLocation(TestDb db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.sql"), USERS + "\nINSERT INTO users VALUES (1, 'a');\n");
        Files.writeString(dir.resolve("orgs.sql"), "CREATE TABLE orgs LIKE users;\n");
        Run r = run("plan", "--schema-dir", dir.toString(), "--database", url(db));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("users.sql:8:1: INSERT changes data"), r.err());
        assertTrue(r.err().contains("orgs.sql:1:1: CREATE TABLE … LIKE"), r.err());
        assertTrue(r.err().contains("2 problems in the schema files"), r.err());
        assertEquals("", r.out());
        assertEquals("0", db.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + db.schema() + "'"));
    }

    @Test
    void aTableTheServerRejectsExitsTwoWithItsFileAndLine(TestDb db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.sql"), "\n\nCREATE TABLE users (\n  id int NOT NULL PRIMARY KEY,\n"
                + "  name varchar(10) DEFAULT 'much too long a default'\n);\n");
        Run r = run("plan", "--schema-dir", dir.toString(), "--database", url(db));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("users.sql:3:1: the server rejected CREATE TABLE `users`"), r.err());
        assertEquals("0", db.scalar("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '\\_shadowbot\\_ws\\_%'"));
    }

    @Test
    void badUrlAndMissingFolderExitTwo(@TempDir Path dir) {
        Run url = run("plan", "--schema-dir", dir.toString(), "--database", "postgres://x/y");
        assertEquals(2, url.exit(), url.err());
        Run folder = run("plan", "--schema-dir", dir.resolve("missing").toString(), "--database", "mysql://h/db");
        assertEquals(2, folder.exit(), folder.err());
        assertTrue(folder.err().contains("does not exist"), folder.err());
    }

    @Test
    void withoutDatabaseItPlansAgainstAnEmbeddedEmptyDatabase(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("users.sql"), USERS);
        Files.writeString(dir.resolve("orgs.sql"), "CREATE TABLE orgs (id int NOT NULL PRIMARY KEY);\n");
        Run r = run("plan", "--schema-dir", dir.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("starting an embedded MariaDB"), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("app", json.get("database").asText());
        assertEquals(2, json.get("changes").size());
        json.get("changes").forEach(c -> assertEquals("CREATE", c.get("kind").asText()));
    }
}
