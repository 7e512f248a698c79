package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code deploy} that asked for an immediate cutover is killed ({@code kill -9} of its JVM) mid-run with
 * writers going; the same command again continues that request from its checkpoint and cuts over, as it
 * was asked to; a deploy of another schema folder meanwhile is refused naming the open request, and stores
 * nothing.
 */
@RealDatabase
class RerunJourneyIT {
    private static final int ROWS = 20_000;

    @Test
    void reRunningTheSameDeployAfterACrashContinuesItAndAnotherFolderIsRefused(TestDb db, @TempDir Path dir)
            throws Exception {
        db.exec(UserJourneyIT.ORDERS);
        Path schema = UserJourneyIT.folder(dir, Map.of("orders", "CREATE TABLE orders (id BIGINT NOT NULL,"
                + " v VARCHAR(64) NOT NULL, n INT NULL, c INT NOT NULL DEFAULT 3, PRIMARY KEY (id))"));
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("orders.sql"), UserJourneyIT.ORDERS.replace("n INT NULL", "n BIGINT NULL") + ";\n");
        DeployCommandIT.Run[] again = new DeployCommandIT.Run[1];
        DeployCommandIT.Run run = UserJourneyIT.withWriters(db, List.of("orders"), ROWS, () -> {
            Process child = childDeploy(db, schema);
            String progress = "SELECT m.rows_copied, d.status FROM _shadowbot.migrations m JOIN _shadowbot.deploy_requests d"
                    + " ON d.id = m.deploy_request_id WHERE d.target_schema = '" + db.schema() + "'";
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline && child.isAlive()) {
                List<List<String>> rows = progressOf(db, progress);
                if (!rows.isEmpty() && Long.parseLong(rows.get(0).get(0)) > 0) {
                    break;
                }
                Thread.sleep(2);
            }
            child.destroyForcibly();
            child.onExit().get(10, TimeUnit.SECONDS);
            List<List<String>> atKill = progressOf(db, progress);
            assertEquals(1, atKill.size(), "one request was stored before the kill");
            assertTrue(!List.of("complete", "failed", "cancelled").contains(atKill.get(0).get(1)), atKill.toString());

            DeployCommandIT.Run refused = UserJourneyIT.deploy(db, other);
            assertEquals(4, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("still open") && refused.err().contains("cancel --id"), refused.err());
            assertEquals(1, UserJourneyIT.requestsOf(db).size(), "the refusal stored nothing");

            Thread.sleep(3_500); // the killed driver's lease (3 s) expires
            again[0] = UserJourneyIT.deploy(db, schema);
            return again[0];
        });
        assertTrue(run.err().contains("continuing deploy request"), run.err());
        UserJourneyIT.assertComplete(db, run, schema);
        assertEquals(1, UserJourneyIT.requestsOf(db).size(), "continued, not a second request");
    }

    private static List<List<String>> progressOf(TestDb db, String sql) {
        try {
            return db.query(sql);
        } catch (RuntimeException storeNotYetCreated) {
            return List.of();
        }
    }

    /** {@code shadowbot deploy} (immediate cutover) in a JVM of its own, so that it can be killed. */
    private static Process childDeploy(TestDb db, Path schema) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "deploy", "--schema-dir", schema.toString(), "--revert-window", "0",
                "--lease-seconds", "3", "--format", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SHADOWBOT_DATABASE_URL", db.url().toString());
        return pb.start();
    }
}
