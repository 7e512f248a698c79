package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kill -9} of the process that drops a retired table in steps (issue #6): after a revert (the
 * request is already {@code reverted}, the new table is {@code <table>_shadowbot_<id>_rev}; the revert command
 * has returned and handed the drop to a background {@code cleanup} process) and after a
 * {@code skip-revert} (the old table {@code _old}, the request already {@code complete}). The drop is held at
 * its last chunk by a client's lock on the table's last row, so the kill lands inside it. The next
 * command's start finishes the drop; the live table and its rows are untouched, tables that only look like
 * a retired table are left alone, and a revert after the killed skip-revert is refused (the request was
 * complete before its half-emptied old table's drop began).
 */
@RealDatabase
class RetiredDropKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECKSUM = "SELECT CONCAT(COUNT(*), '/', BIT_XOR(CRC32(CONCAT_WS('#', id, v, n)))) FROM ";

    @Test
    void aKilledRevertDropIsFinishedByTheNextStart(TestDb db, @TempDir Path dir) throws Exception {
        String id = cutOver(db, dir, 17); // 131072 rows: the drop runs long enough to lock its last row in time
        String rev = "orders_shadowbot_" + id + "_rev";
        // User tables that look like retired ones: no such request, and the request's id but not its table.
        db.exec("CREATE TABLE orders_shadowbot_999999_rev (id INT PRIMARY KEY)", "INSERT INTO orders_shadowbot_999999_rev VALUES (1)",
                "CREATE TABLE other_shadowbot_" + id + "_rev (id INT PRIMARY KEY)", "INSERT INTO other_shadowbot_" + id + "_rev VALUES (1)");
        String live = db.scalar(CHECKSUM + "orders");
        String url = db.url().toString();
        PhaseKillIT.Child reverting = PhaseKillIT.Child.start(dir, "revert", "--id", id, "--database", url,
                "--lease-seconds", "2", "--wait", "PT2M", "--retired-drop", "stepwise");
        try (Connection blocker = db.connect(); Statement hold = blocker.createStatement()) {
            // Lock the last row as soon as the swap names the table, before the drop (which starts after the
            // status is stored) can reach it: a blocker that arrives late finds the row gone and locks only
            // deleted rows, which the drop's last, empty step then waits for (0 rows left, nothing shown).
            // The cutover's sentry goes by the same name first: wait for the new definition's column c.
            awaitRetiredTable(hold, rev, reverting);
            blocker.setAutoCommit(false);
            try (ResultSet last = hold.executeQuery("SELECT id FROM `" + rev + "` ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
                assertTrue(last.next() && last.getLong(1) == 131_072, "the blocker holds the last row before the drop reached it");
            }
            awaitStatus(db, id, "reverted", reverting);
            // The revert returns once the old schema is live; the drop goes on in the background `cleanup`
            // process it names (issue #23): that is the process the kill lands in.
            reverting.handle().onExit().get(90, TimeUnit.SECONDS);
            java.util.regex.Matcher bg = java.util.regex.Pattern.compile("\\(pid (\\d+), log ([^)]+)\\)")
                    .matcher(Files.readString(reverting.log()));
            assertTrue(bg.find(), "the revert handed its drop to a background process: " + Files.readString(reverting.log()));
            killInLockWait(db, new PhaseKillIT.Child(ProcessHandle.of(Long.parseLong(bg.group(1))).orElseThrow(),
                    Path.of(bg.group(2))));
            blocker.rollback();
        }
        assertEquals("reverted", status(db, id));
        long left = Long.parseLong(db.scalar("SELECT COUNT(*) FROM `" + rev + "`"));
        assertTrue(left > 0 && left < 131_072, "the kill landed inside the stepwise drop: " + left + " rows left");
        Thread.sleep(2_500); // the dead process's lease runs out

        DeployCommandIT.Run next = DeployCommandIT.cli("status", "--id", id, "--database", url, "--format", "json");
        assertEquals(0, next.code(), next.err());
        assertEquals("reverted", JSON.readTree(next.out()).get("state").asText());
        assertTrue(tables(db, "%\\_rev").containsAll(List.of("orders_shadowbot_999999_rev", "other_shadowbot_" + id + "_rev")),
                "look-alike user tables are kept");
        assertEquals(List.of("orders_shadowbot_999999_rev", "other_shadowbot_" + id + "_rev"), tables(db, "%\\_rev"),
                "the retired table is dropped");
        assertEquals("1", db.scalar("SELECT COUNT(*) FROM other_shadowbot_" + id + "_rev"));
        assertEquals(live, db.scalar(CHECKSUM + "orders"), "the live (old) table and its rows are untouched");
        assertEquals(List.of(List.of("int")), column(db, "n"), "the old definition is live");
        PhaseKillIT.record("kill-9 in the revert's stepwise drop of " + rev + " (" + left + " of 131072 rows left) -> "
                + "the next command's start dropped it; live rows unchanged");
    }

    @Test
    void aKilledSkipRevertDropRefusesARevertAndIsFinishedByTheNextStart(TestDb db, @TempDir Path dir) throws Exception {
        String id = cutOver(db, dir, 13); // 8192 rows
        String old = "orders_shadowbot_" + id + "_old";
        String live = db.scalar(CHECKSUM + "orders");
        String url = db.url().toString();
        try (Connection blocker = db.connect(); Statement hold = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            hold.executeQuery("SELECT id FROM `" + old + "` ORDER BY id DESC LIMIT 1 FOR UPDATE").close();
            PhaseKillIT.Child skipping = PhaseKillIT.Child.start(dir, "skip-revert", "--id", id, "--database", url,
                    "--lease-seconds", "2", "--wait", "PT2M", "--retired-drop", "stepwise");
            killInLockWait(db, skipping);
            blocker.rollback();
        }
        assertEquals("complete", status(db, id), "the outcome is stored before the drop begins");
        long left = Long.parseLong(db.scalar("SELECT COUNT(*) FROM `" + old + "`"));
        assertTrue(left > 0 && left < 8192, "the kill landed inside the stepwise drop: " + left + " rows left");
        Thread.sleep(2_500); // the dead process's lease runs out

        // The old table is half-emptied: swapping it back would lose rows, and the request is complete.
        DeployCommandIT.Run revert = DeployCommandIT.cli("revert", "--id", id, "--database", url, "--lease-seconds", "2",
                "--wait", "PT1M", "--format", "json");
        assertNotEquals(0, revert.code(), revert.out());
        assertTrue(revert.err().contains("works only in the revert window"), revert.err());
        assertEquals(List.of(List.of("bigint")), column(db, "n"), "the new definition stays live");

        DeployCommandIT.Run next = DeployCommandIT.cli("status", "--id", id, "--database", url, "--format", "json");
        assertEquals(0, next.code(), next.err());
        assertEquals("complete", JSON.readTree(next.out()).get("state").asText(), next.out());
        assertEquals(List.of(), tables(db, "orders\\_shadowbot\\_%"), "the old table is dropped");
        assertEquals(live, db.scalar(CHECKSUM + "orders"), "the live table and its rows are untouched");
        PhaseKillIT.record("kill-9 in skip-revert's stepwise drop of " + old + " (" + left + " of 8192 rows left) -> revert"
                + " refused, the next command's start dropped it; live rows unchanged");
    }

    /** orders with 2^doublings rows, deployed (n INT -> BIGINT, new column c) and cut over; returns the id. */
    private static String cutOver(TestDb db, Path dir, int doublings) throws Exception {
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))",
                "INSERT INTO orders VALUES (1, 'row', 7)");
        for (int i = 0; i < doublings; i++) {
            db.exec("INSERT INTO orders SELECT id + " + (1L << i) + ", CONCAT('row', id + " + (1L << i) + "), id % 97 FROM orders");
        }
        Files.writeString(dir.resolve("orders.sql"), "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL,"
                + " n BIGINT NULL, c INT NOT NULL DEFAULT 3, PRIMARY KEY (id));\n");
        DeployCommandIT.Run deploy = DeployCommandIT.cli("deploy", "--schema-dir", dir.toString(), "--database",
                db.url().toString(), "--revert-window", "1h", "--format", "json");
        assertEquals(0, deploy.code(), deploy.err());
        assertEquals("reverse_syncing", JSON.readTree(deploy.out()).get("state").asText(), deploy.out());
        return JSON.readTree(deploy.out()).get("id").asText();
    }

    /**
     * Polls on the blocker's own connection (autocommit: it keeps no lock) until the table exists with the
     * new definition's column {@code c} (the swapped table, not the sentry of the same name).
     */
    private static void awaitRetiredTable(Statement st, String table, PhaseKillIT.Child c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = '" + table + "' AND COLUMN_NAME = 'c'")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return;
                }
            }
            assertTrue(c.handle().isAlive(), "the command ended early: " + Files.readString(c.log()));
            Thread.sleep(1);
        }
        throw new AssertionError(table + " did not appear within 90 s");
    }

    private static void awaitStatus(TestDb db, String id, String state, PhaseKillIT.Child c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && !state.equals(status(db, id))) {
            assertTrue(c.handle().isAlive(), "the command ended early: " + Files.readString(c.log()));
            Thread.sleep(5);
        }
        assertEquals(state, status(db, id));
    }

    /**
     * A step of the stepwise drop (a DELETE of at most 1,000 rows, milliseconds of work) that has run for a
     * second or more: it waits for the held row lock. (Read from the process list: MariaDB 10.11's INNODB_TRX
     * was seen to leave out such a waiting DELETE once it held thousands of row locks.)
     */
    private static final String DROP_STEP_WAITING = "SELECT ID FROM information_schema.PROCESSLIST"
            + " WHERE COMMAND = 'Query' AND INFO LIKE 'DELETE FROM%' AND TIME >= 1";

    /** Waits until the drop's DELETE waits for the held row lock, then SIGKILLs the process. */
    private static void killInLockWait(TestDb db, PhaseKillIT.Child c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        boolean waiting = false;
        while (!waiting && System.nanoTime() < deadline) {
            waiting = !db.query(DROP_STEP_WAITING).isEmpty();
            assertTrue(c.handle().isAlive(), "the command ended before its drop waited: " + Files.readString(c.log()));
            Thread.sleep(20);
        }
        assertTrue(waiting, "the drop reached the locked row");
        c.handle().destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        c.handle().onExit().get(10, TimeUnit.SECONDS);
        // The server does not notice the dead client while its DELETE waits for a lock: end that statement
        // too, as the server would once it wrote to the closed socket, so the blocker's rollback frees nothing.
        for (List<String> r : db.query(DROP_STEP_WAITING)) {
            db.exec("KILL " + r.get(0));
        }
    }

    private static String status(TestDb db, String id) {
        return db.scalar("SELECT status FROM _shadowbot.deploy_requests WHERE id = " + id);
    }

    private static List<List<String>> column(TestDb db, String name) {
        return db.query("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db.schema()
                + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = '" + name + "'");
    }

    private static List<String> tables(TestDb db, String like) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                     + db.schema() + "' AND TABLE_NAME LIKE '" + like + "' ORDER BY TABLE_NAME")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
