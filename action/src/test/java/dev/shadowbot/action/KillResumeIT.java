package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * A real {@code kill -9} of the background driver JVM in the middle of the copy, with writers
 * running; {@code shadowbot resume} then finishes from the checkpoint and the tables are equal.
 */
@RealDatabase
class KillResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 60_000;

    @Test
    void killDashNineMidCopyThenResume(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))");
        Files.writeString(dir.resolve("orders.sql"), "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL,"
                + " n BIGINT NULL, c INT NOT NULL DEFAULT 3, PRIMARY KEY (id));\n");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2, ROWS * 10L);
        load.seed(ROWS, 10);
        load.start();
        String url = db.url().toString();
        try {
            DeployCommandIT.Run deploy = DeployCommandIT.cli("deploy", "--schema-dir", dir.toString(), "--database", url,
                    "--defer-cutover", "--detach", "--instant", "never", "--lease-seconds", "2", "--format", "json");
            assertEquals(0, deploy.code(), deploy.err());
            JsonNode started = JSON.readTree(deploy.out());
            String id = started.get("id").asText();
            ProcessHandle child = ProcessHandle.of(started.get("detached_pid").asLong()).orElseThrow();
            String progress = "SELECT rows_copied, copy_done FROM _shadowbot.migrations WHERE deploy_request_id = " + id;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            List<String> atKill = List.of("0", "0");
            while (System.nanoTime() < deadline) {
                List<List<String>> rows = db.query(progress);
                // Kill at the first sign of progress: chunks double in size, so waiting for a fifth of the rows
                // let a fast (or briefly starved) run finish the copy before the kill landed.
                if (!rows.isEmpty() && Long.parseLong(rows.get(0).get(0)) > 0) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
                    child.onExit().get(10, TimeUnit.SECONDS);
                    atKill = db.query(progress).get(0);
                    break;
                }
                Thread.sleep(2);
            }
            assertFalse(child.isAlive(), "killed");
            assertEquals("0", atKill.get(1), "killed mid-copy (rows copied at kill: " + atKill.get(0) + ")");
            assertEquals("copying", JSON.readTree(DeployCommandIT.cli("status", "--id", id, "--database", url,
                    "--format", "json").out()).get("state").asText());
            Thread.sleep(1_000);
            load.stop();
            Thread.sleep(2_500); // the dead driver's lease expires
            DeployCommandIT.Run resume = DeployCommandIT.cli("resume", "--id", id, "--database", url,
                    "--exit-when-staged", "--lease-seconds", "2", "--format", "json");
            assertEquals(0, resume.code(), resume.err());
            assertEquals("staged", JSON.readTree(resume.out()).get("state").asText());
            String shadow = "orders_shadowbot_" + id + "_new";
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read(shadow), 10), "shadow = acknowledged writes");
            DeployCommandIT.cli("cancel", "--id", id, "--database", url);
        } finally {
            load.close();
        }
    }
}
