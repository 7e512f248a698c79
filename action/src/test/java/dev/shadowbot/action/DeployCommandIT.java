package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy → status → cancel through the CLI against a real server, with JSON output. */
@RealDatabase
class DeployCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString().trim(), err.toString().trim());
    }

    @Test
    void deployToStagedThenStatusThenCancel(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, total INT NOT NULL)",
                "INSERT INTO orders VALUES (1, 10), (2, 20), (3, 30)");
        Files.writeString(dir.resolve("orders.sql"), "CREATE TABLE orders (\n  id INT NOT NULL PRIMARY KEY,\n"
                + "  total INT NOT NULL,\n  note VARCHAR(20) NULL\n);\n");
        Files.writeString(dir.resolve("users.sql"), "CREATE TABLE users (id INT NOT NULL PRIMARY KEY);\n");
        String url = db.url().toString();
        // Shadow tables and copy progress are what this test looks at: the copy path (InstantCliIT has the other).
        Run deploy = cli("deploy", "--schema-dir", dir.toString(), "--database", url, "--defer-cutover",
                "--exit-when-staged", "--instant", "never", "--format", "json");
        assertEquals(0, deploy.code(), deploy.err());
        JsonNode result = JSON.readTree(deploy.out());
        assertEquals("staged", result.get("state").asText());
        String id = result.get("id").asText();
        assertEquals(List.of(List.of("users")), db.query("SHOW TABLES LIKE 'users'"), "new tables are created directly");
        assertTrue(deploy.err().contains("deploy request " + id + " created"), deploy.err());

        Run status = cli("status", "--id", id, "--database", url, "--format", "json");
        assertEquals(0, status.code(), status.err());
        JsonNode st = JSON.readTree(status.out());
        assertEquals("staged", st.get("state").asText());
        assertEquals("orders", st.get("tables").get(0).get("table").asText());
        assertEquals(3, st.get("tables").get(0).get("rows_copied").asLong());

        Run cancel = cli("cancel", "--id", id, "--database", url, "--format", "json");
        assertEquals(0, cancel.code(), cancel.err());
        assertEquals("cancelled", JSON.readTree(cancel.out()).get("state").asText());
        assertEquals(List.of(), db.query("SHOW TABLES LIKE '\\_shadowbot\\_%'"));
    }

    @Test
    void deployWithoutDeferCutsOverAndALaterCutoverCommandResumesADeferredOne(TestDb db, @TempDir Path dir)
            throws Exception {
        db.exec("CREATE TABLE p (id INT NOT NULL PRIMARY KEY, v INT)", "INSERT INTO p VALUES (1, 1)",
                "CREATE TABLE q (id INT NOT NULL PRIMARY KEY, v INT)", "INSERT INTO q VALUES (2, 2)");
        Path one = Files.createDirectories(dir.resolve("one"));
        Files.writeString(one.resolve("p.sql"), "CREATE TABLE p (id INT NOT NULL PRIMARY KEY, v INT, w INT DEFAULT 5);\n");
        Files.writeString(one.resolve("q.sql"), "CREATE TABLE q (id INT NOT NULL PRIMARY KEY, v INT);\n");
        String url = db.url().toString();
        Run deploy = cli("deploy", "--schema-dir", one.toString(), "--database", url, "--revert-window", "0",
                "--format", "json");
        assertEquals(0, deploy.code(), deploy.err());
        assertEquals("complete", JSON.readTree(deploy.out()).get("state").asText(), "no window: complete at once");
        assertEquals(List.of(List.of("1", "1", "5")), db.query("SELECT id, v, w FROM p"));

        Path two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(two.resolve("p.sql"), "CREATE TABLE p (id INT NOT NULL PRIMARY KEY, v INT, w INT DEFAULT 5);\n");
        Files.writeString(two.resolve("q.sql"), "CREATE TABLE q (id INT NOT NULL PRIMARY KEY, v BIGINT);\n");
        Run deferred = cli("deploy", "--schema-dir", two.toString(), "--database", url, "--defer-cutover",
                "--exit-when-staged", "--lease-seconds", "2", "--format", "json");
        assertEquals(0, deferred.code(), deferred.err());
        String id = JSON.readTree(deferred.out()).get("id").asText();
        Run cutover = cli("cutover", "--id", id, "--database", url, "--lease-seconds", "2", "--format", "json");
        assertEquals(0, cutover.code(), cutover.err());
        JsonNode done = JSON.readTree(cutover.out());
        assertEquals("reverse_syncing", done.get("state").asText(), "the default 30 min revert window is open");
        assertTrue(done.get("revertible").asBoolean(), done.toString());
        assertTrue(!done.get("window_ends_at").isNull(), done.toString());
        assertTrue(done.get("cutover_lock_ms").asLong() >= 0);
        assertEquals(List.of(List.of("bigint")), db.query("SELECT DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'q' AND COLUMN_NAME = 'v'"));
        db.exec("INSERT INTO q VALUES (3, 3)"); // during the window, while no driver runs

        Run revert = cli("revert", "--id", id, "--database", url, "--lease-seconds", "2", "--format", "json");
        assertEquals(0, revert.code(), revert.err());
        assertEquals("reverted", JSON.readTree(revert.out()).get("state").asText());
        assertEquals(List.of(List.of("int")), db.query("SELECT DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'q' AND COLUMN_NAME = 'v'"));
        assertEquals(List.of(List.of("2", "2"), List.of("3", "3")), db.query("SELECT id, v FROM q ORDER BY id"));
    }

    @Test
    void refusesWithoutASchemaDirOrDatabase(TestDb db, @TempDir Path dir) {
        Run noDir = cli("deploy", "--database", db.url().toString(), "--defer-cutover");
        assertEquals(2, noDir.code());
        Run noDb = cli("deploy", "--schema-dir", dir.toString(), "--defer-cutover");
        assertTrue(noDb.code() == 2, noDb.err());
        Run detachNoDefer = cli("deploy", "--schema-dir", dir.toString(), "--database", db.url().toString(), "--detach");
        assertEquals(2, detachNoDefer.code());
        assertTrue(detachNoDefer.err().contains("--defer-cutover"), detachNoDefer.err());
        Run badWindow = cli("deploy", "--schema-dir", dir.toString(), "--database", db.url().toString(),
                "--revert-window", "soon");
        assertEquals(2, badWindow.code());
        assertTrue(badWindow.err().contains("--revert-window soon"), badWindow.err());
        Run badLag = cli("deploy", "--schema-dir", dir.toString(), "--database", db.url().toString(),
                "--replica", "mysql://root@127.0.0.1:1/", "--max-replica-lag", "0s");
        assertEquals(2, badLag.code());
        assertTrue(badLag.err().contains("--max-replica-lag 0s"), badLag.err());
        Run detachedReplica = cli("deploy", "--schema-dir", dir.toString(), "--database", db.url().toString(),
                "--defer-cutover", "--detach", "--replica", "mysql://root@127.0.0.1:1/");
        assertEquals(2, detachedReplica.code());
        assertTrue(detachedReplica.err().contains("--replica"), detachedReplica.err());
    }

    @Test
    void detachReturnsAtOnceAndTheBackgroundDriverObeysCancel(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, v INT)", "INSERT INTO items VALUES (1, 1), (2, 2)");
        Files.writeString(dir.resolve("items.sql"), "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, v BIGINT);\n");
        String url = db.url().toString();
        Run deploy = cli("deploy", "--schema-dir", dir.toString(), "--database", url, "--defer-cutover", "--detach",
                "--format", "json");
        assertEquals(0, deploy.code(), deploy.err());
        JsonNode started = JSON.readTree(deploy.out());
        String id = started.get("id").asText();
        long pid = started.get("detached_pid").asLong();
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            String state = "";
            while (System.nanoTime() < deadline && !"staged".equals(state)) {
                Thread.sleep(250);
                state = JSON.readTree(cli("status", "--id", id, "--database", url, "--format", "json").out())
                        .get("state").asText();
                assertTrue(child.isAlive() || "staged".equals(state), "background driver died; see "
                        + started.get("log").asText());
            }
            assertEquals("staged", state);
            // The background driver records its stream lag with each lease renewal: status here shows it.
            JsonNode lag = null;
            long lagDeadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < lagDeadline && (lag == null || lag.isNull())) {
                lag = JSON.readTree(cli("status", "--id", id, "--database", url, "--format", "json").out())
                        .get("lag_seconds");
                Thread.sleep(250);
            }
            assertTrue(lag != null && lag.isNumber() && lag.asDouble() >= 0, "lag of another process's driver: " + lag);
            Run cancel = cli("cancel", "--id", id, "--database", url, "--format", "json");
            assertEquals("cancelled", JSON.readTree(cancel.out()).get("state").asText(), cancel.err());
            child.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(!child.isAlive(), "the background driver exits after the cancel");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void lintErrorsBlockTheDeployUntilDataLossIsAllowed(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE accounts (id INT NOT NULL PRIMARY KEY, legacy_code VARCHAR(10), name VARCHAR(20))",
                "INSERT INTO accounts VALUES (1, 'x', 'a'), (2, 'y', 'b')");
        Files.writeString(dir.resolve("accounts.sql"),
                "CREATE TABLE accounts (\n  id INT NOT NULL PRIMARY KEY,\n  name VARCHAR(20)\n);\n");
        String url = db.url().toString();
        Run blocked = cli("deploy", "--schema-dir", dir.toString(), "--database", url, "--defer-cutover",
                "--exit-when-staged");
        assertEquals(1, blocked.code(), blocked.err());
        assertTrue(blocked.err().contains("accounts.sql:1: drops column `accounts`.`legacy_code`"), blocked.err());
        assertTrue(blocked.err().contains("--allow-data-loss"), blocked.err());
        assertEquals(List.of(), db.query("SHOW TABLES LIKE '%shadowbot%'"), "nothing was created");

        Run allowed = cli("deploy", "--schema-dir", dir.toString(), "--database", url, "--defer-cutover",
                "--exit-when-staged", "--allow-data-loss", "--format", "json");
        assertEquals(0, allowed.code(), allowed.err());
        assertEquals("staged", JSON.readTree(allowed.out()).get("state").asText());
        Run cancel = cli("cancel", "--id", JSON.readTree(allowed.out()).get("id").asText(), "--database", url);
        assertEquals(0, cancel.code(), cancel.err());
    }
}
