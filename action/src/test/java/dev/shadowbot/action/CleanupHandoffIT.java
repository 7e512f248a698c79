package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command returns at the user's outcome, with writers running: {@code deploy} with no revert window when it
 * is complete, {@code revert} when the old schema is live with every row; the retired table's stepwise drop is
 * still to do then (named in the output as {@code cleanup_pending}) and goes on in a background process. The
 * next deploy of the same table waits only for that drop; a background cleanup killed with {@code kill -9} is
 * finished by the next command ({@code status}). The drop is the stepwise one ({@code --retired-drop stepwise}):
 * the default plain DROP of these 60,000 rows ends within the command's short grace, with nothing to hand off.
 * The grace is set to zero here, so that a fast server cannot finish the stepwise drop inside it either.
 */
@RealDatabase
class CleanupHandoffIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough rows that the stepwise drop (1000 rows a step) outlasts the command's short grace. */
    private static final int ROWS = 60_000;

    @Test
    void deployAndRevertReturnAtTheOutcomeAndTheDropGoesOnInTheBackgroundAndAfterAKill(TestDb db, @TempDir Path dir)
            throws Exception {
        System.setProperty(CleanupHandoff.GRACE_PROPERTY, "0");
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))");
        Path one = Files.createDirectories(dir.resolve("one"));
        Files.writeString(one.resolve("orders.sql"), "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL,"
                + " n BIGINT NULL, PRIMARY KEY (id));\n");
        Path two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(two.resolve("orders.sql"), "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL,"
                + " n BIGINT NULL, c INT NOT NULL DEFAULT 3, PRIMARY KEY (id));\n");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2, ROWS * 10L);
        load.seed(ROWS, 10);
        load.start();
        String url = db.url().toString();
        try {
            DeployCommandIT.Run deploy = DeployCommandIT.cli("deploy", "--schema-dir", one.toString(), "--database", url,
                    "--revert-window", "0", "--instant", "never", "--lease-seconds", "2", "--retired-drop", "stepwise",
                    "--format", "json");
            assertEquals(0, deploy.code(), deploy.err());
            JsonNode done = JSON.readTree(deploy.out());
            String first = done.get("id").asText();
            String old = "orders_shadowbot_" + first + "_old";
            assertEquals("complete", done.get("state").asText(), deploy.out());
            assertEquals(List.of(old), strings(done.get("cleanup_pending")), "returned before the old table was dropped");
            ProcessHandle cleanup = ProcessHandle.of(done.get("cleanup_pid").asLong()).orElseThrow();

            // The next deploy of the same table, at once: it waits for that drop (preflight refuses while an old
            // table exists), not for anything else.
            DeployCommandIT.Run next = DeployCommandIT.cli("deploy", "--schema-dir", two.toString(), "--database", url,
                    "--defer-cutover", "--exit-when-staged", "--instant", "never", "--lease-seconds", "2", "--format",
                    "json");
            assertEquals(0, next.code(), next.err());
            String second = JSON.readTree(next.out()).get("id").asText();
            assertFalse(exists(db, old), "the first request's old table is dropped");
            cleanup.onExit().get(1, TimeUnit.MINUTES);

            DeployCommandIT.Run cutover = DeployCommandIT.cli("cutover", "--id", second, "--database", url,
                    "--lease-seconds", "2", "--format", "json");
            assertEquals(0, cutover.code(), cutover.err());
            assertEquals("reverse_syncing", JSON.readTree(cutover.out()).get("state").asText());
            Thread.sleep(500); // writes during the window, reverse-synced into the old table

            DeployCommandIT.Run revert = DeployCommandIT.cli("revert", "--id", second, "--database", url,
                    "--lease-seconds", "2", "--retired-drop", "stepwise", "--format", "json");
            assertEquals(0, revert.code(), revert.err());
            JsonNode reverted = JSON.readTree(revert.out());
            String rev = "orders_shadowbot_" + second + "_rev";
            assertEquals("reverted", reverted.get("state").asText(), revert.out());
            assertEquals(List.of(rev), strings(reverted.get("cleanup_pending")), "returned before the retired table was dropped");
            ProcessHandle revCleanup = ProcessHandle.of(reverted.get("cleanup_pid").asLong()).orElseThrow();
            revCleanup.destroyForcibly(); // SIGKILL: the background cleanup dies, the table may be half emptied
            revCleanup.onExit().get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            load.stop();
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10),
                    "the old schema is live with every acknowledged write: " + load);
            assertEquals(List.of(List.of("0")), db.query("SELECT COUNT(*) FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'c'"), "old schema");

            Thread.sleep(2_500); // a lease the killed process held expires
            DeployCommandIT.Run status = DeployCommandIT.cli("status", "--id", second, "--database", url, "--format", "json");
            assertEquals(0, status.code(), status.err());
            JsonNode after = JSON.readTree(status.out());
            assertEquals("reverted", after.get("state").asText());
            assertFalse(exists(db, rev), "the killed cleanup is finished by the next command");
            assertTrue(after.get("cleanup_pending") == null, "nothing left to clean up: " + status.out());
        } finally {
            System.clearProperty(CleanupHandoff.GRACE_PROPERTY);
            load.close();
        }
    }

    private static List<String> strings(JsonNode array) {
        assertTrue(array != null && array.isArray(), "a list: " + array);
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static boolean exists(TestDb db, String table) {
        return !db.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '"
                + table + "'").isEmpty();
    }
}
