package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9} of the CLI's JVM in each later phase of one deploy request, with writers
 * running from start to end: while copying, while staged, while cutting over, and while reverting in
 * the revert window. The slow phases are held open by a long transaction: a locked row that the
 * copy's non-waiting read keeps retrying on, then the table's metadata lock, which the swap's table
 * locks wait on and retry.
 * After each kill the state read from the sidecar store is unchanged, and the next command takes over
 * once the dead process's lease expires. At the end every acknowledged write is in the live table.
 */
@RealDatabase
class PhaseKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KEYS = 100_000;

    @Test
    void killDashNineInEveryPhaseThenTheNextCommandFinishes(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))");
        Files.writeString(dir.resolve("orders.sql"), "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL,"
                + " n BIGINT NULL, c INT NOT NULL DEFAULT 3, PRIMARY KEY (id));\n");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2, KEYS);
        load.seed(20_000, 5);
        String url = db.url().toString();
        List<String> kills = new ArrayList<>();
        load.start();
        try (Connection blocker = db.connect(); Statement hold = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            hold.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");

            // 1. copy: a row locked by a client transaction makes the copy's non-waiting read fail and retry
            //    (shrinking its chunk) without ever passing the row. (The checksum no longer waits on a lock
            //    either, so no client lock can hold it open long enough to kill the process inside it.)
            hold.executeQuery("SELECT id FROM orders ORDER BY id DESC LIMIT 1 FOR UPDATE").close();
            DeployCommandIT.Run deploy = DeployCommandIT.cli("deploy", "--schema-dir", dir.toString(), "--database", url,
                    "--defer-cutover", "--detach", "--instant", "never", "--lease-seconds", "2", "--format", "json");
            assertEquals(0, deploy.code(), deploy.err());
            String id = JSON.readTree(deploy.out()).get("id").asText();
            ProcessHandle driver = ProcessHandle.of(JSON.readTree(deploy.out()).get("detached_pid").asLong()).orElseThrow();
            kills.add(killIn(db, id, driver, "copying"));
            blocker.rollback();
            expireLease();
            DeployCommandIT.Run resumed = DeployCommandIT.cli("resume", "--id", id, "--database", url, "--exit-when-staged",
                    "--lease-seconds", "2", "--format", "json");
            assertEquals(0, resumed.code(), resumed.err());
            assertEquals("staged", JSON.readTree(resumed.out()).get("state").asText());

            // 2. staged: a background driver keeps the shadow in sync; kill it.
            Child syncing = Child.start(dir, "resume", "--id", id, "--database", url, "--lease-seconds", "2");
            awaitLeaseHeldBy(db, id, syncing);
            kills.add(killIn(db, id, syncing.handle(), "staged"));
            expireLease();

            // 3. cutover: the long transaction makes every swap attempt wait; kill it while cutting over.
            holdTable(hold);
            Child cutting = Child.start(dir, "cutover", "--id", id, "--database", url, "--lease-seconds", "2", "--wait", "PT2M");
            kills.add(killIn(db, id, cutting.handle(), "cutting_over"));
            assertTrue(tableExists(db, "orders_shadowbot_" + id + "_new"), "nothing swapped: the shadow is still there");
            // The dead attempt's sentry may stay under the retired name (the next attempt removes it); a
            // real retired table there would mean a swap happened.
            assertTrue(db.query("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db.schema()
                    + "' AND TABLE_NAME = 'orders_shadowbot_" + id + "_old'").stream()
                    .allMatch(r -> r.get(0).startsWith("shadowbot cutover sentry")), "at most the dead attempt's sentry");
            blocker.rollback();
            expireLease();
            DeployCommandIT.Run cut = DeployCommandIT.cli("cutover", "--id", id, "--database", url, "--lease-seconds", "2",
                    "--format", "json");
            assertEquals(0, cut.code(), cut.err());
            assertEquals("reverse_syncing", JSON.readTree(cut.out()).get("state").asText(), "the next command swapped");
            Thread.sleep(1_000); // writes in the revert window, into the new table

            // 4. revert, in the revert window: the long transaction makes the swap back wait; kill it.
            holdTable(hold);
            Child reverting = Child.start(dir, "revert", "--id", id, "--database", url, "--lease-seconds", "2", "--wait", "PT2M");
            kills.add(killIn(db, id, reverting.handle(), "reverting"));
            assertTrue(tableExists(db, "orders_shadowbot_" + id + "_old"), "the old table is kept while the revert is unfinished");
            blocker.rollback();
            expireLease();
            DeployCommandIT.Run revert = DeployCommandIT.cli("revert", "--id", id, "--database", url, "--lease-seconds", "2",
                    "--format", "json");
            assertEquals(0, revert.code(), revert.err());
            assertEquals("reverted", JSON.readTree(revert.out()).get("state").asText());
            Thread.sleep(300);
            load.stop();
            assertEquals(List.of(List.of("int")), db.query("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE"
                    + " TABLE_SCHEMA = '" + db.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'n'"),
                    "the old definition is live again");
            var live = load.read("orders");
            assertEquals(List.of(), WriteLoad.differences(load.model(), live, 10), load + " after kills in " + kills);
            record("kill-9: CLI JVM SIGKILLed in " + String.join(", ", kills) + " -> next command finished; rows_compared="
                    + live.size() + " acknowledged_writes=" + load.acknowledged());
        } finally {
            load.close();
        }
    }

    /** An open transaction that has written to the table (no row matched): it holds the table's metadata lock. */
    private static void holdTable(Statement hold) throws Exception {
        hold.execute("UPDATE orders SET n = n WHERE id = -1");
    }

    /** Waits until the request is in {@code state}, then SIGKILLs the process and checks the stored state stayed. */
    private static String killIn(TestDb db, String id, ProcessHandle p, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String now = "";
        while (System.nanoTime() < deadline && p.isAlive()) {
            now = status(db, id);
            if (now.equals(state)) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals(state, now, "reached the phase to kill in (process alive: " + p.isAlive() + ")");
        Thread.sleep(500); // well inside the phase
        assertTrue(p.isAlive(), "still running in " + state);
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        p.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(state, status(db, id), "a killed process records nothing");
        return state;
    }

    private static String status(TestDb db, String id) {
        return db.scalar("SELECT status FROM _shadowbot.deploy_requests WHERE id = " + id);
    }

    private static void awaitLeaseHeldBy(TestDb db, String id, Child c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String owner = db.scalar("SELECT owner FROM _shadowbot.leases WHERE resource = 'deploy_request:" + id
                    + "' AND expires_at > NOW(6)");
            if (owner != null && owner.contains(Long.toString(c.handle().pid()))) {
                return;
            }
            assertTrue(c.handle().isAlive(), "the background driver died: " + c.log());
            Thread.sleep(50);
        }
        throw new AssertionError("the background driver never took the lease: " + Files.readString(c.log()));
    }

    private static void expireLease() throws InterruptedException {
        Thread.sleep(2_500); // the dead driver's 2 s lease runs out
    }

    private static boolean tableExists(TestDb db, String table) {
        return !db.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db.schema()
                + "' AND TABLE_NAME = '" + table + "'").isEmpty();
    }

    /** A CLI command in its own JVM (the same class path), its output in a log file. */
    record Child(ProcessHandle handle, Path log) {
        static Child start(Path dir, String... args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            Path log = Files.createTempFile(dir, "child-" + args[0], ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Child(p.toHandle(), log);
        }
    }

    static void record(String line) throws IOException {
        Path d = Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(d.resolve("faults.txt"), line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
