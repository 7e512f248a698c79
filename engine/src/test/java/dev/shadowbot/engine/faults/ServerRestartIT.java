package dev.shadowbot.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The database server restarts (clean stop, start on the same data directory) while a deploy request
 * is staged and its driver is running: the driver loses its connections and stops without failing
 * the request; a new process resumes it from the stored checkpoint, writers go on, and shadow and live
 * end equal to the writers' model. Runs on a server of its own (it must be able to restart it).
 */
class ServerRestartIT {
    private static final long KEYS = 100_000;

    @Test
    void aServerRestartWhileStagedIsResumedAndStaysExact() throws Exception {
        try (PrivateServer server = PrivateServer.start()) {
            DatabaseUrl url = server.url();
            try (Connection c = Connections.open(url); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE app");
                st.execute(ConnectionKillIT.TABLE.replace("TABLE orders", "TABLE app.orders"));
            }
            WriteLoadTable table = new WriteLoadTable("app", "orders", List.of("id"));
            WriteLoad before = new WriteLoad(url, table, 2, 0, KEYS);
            before.seed(5000, 20);
            MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(3);
            DeploySpec spec = new DeploySpec("app", List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
            long id;
            String shadow;
            before.start();
            try (MigrationService first = MigrationService.connect(url, options.withOwner("before-restart"))) {
                id = first.start(spec).id();
                DeployState staged = first.runUntilStaged(id, Duration.ofMinutes(2));
                assertEquals("staged", staged.state());
                shadow = staged.tables().get(0).shadow();
                Thread.sleep(1_000);
                before.stop(); // its connections would die with the server
                server.restart();
                Thread.sleep(1_000); // the driver notices its dead connections
            } catch (RuntimeException closingOnADeadStore) {
                // closing the first service may fail on its dead store connection: the process is gone anyway
                System.out.println("[faults] closing the first service: " + closingOnADeadStore.getMessage());
                id = -1;
                shadow = null;
            }
            try (MigrationService second = MigrationService.connect(url, options.withOwner("after-restart"))) {
                long request = id >= 0 ? id : second.latest().orElseThrow();
                assertEquals("staged", second.status(request).state(), "the restart did not fail the request: "
                        + second.status(request).error());
                Thread.sleep(3_500); // the old driver's lease expires
                WriteLoad after = new WriteLoad(url, table, 2, KEYS, KEYS); // writers on keys of their own
                after.start();
                DeployState resumed = second.resume(request, Duration.ofMinutes(2));
                assertEquals("staged", resumed.state());
                Thread.sleep(1_000);
                after.stop();
                second.awaitCaughtUp(request, Duration.ofSeconds(60));
                Map<Long, WriteLoad.Row> model = new TreeMap<>(before.model());
                model.putAll(after.model());
                String sh = shadow != null ? shadow : resumed.tables().get(0).shadow();
                assertEquals(List.of(), WriteLoad.differences(model, before.read("orders"), 10), before + " " + after);
                assertEquals(List.of(), WriteLoad.differences(model, before.read(sh), 10), "shadow = acknowledged writes");
                Faults.record("server-restart: " + server.description() + " stopped and started while staged -> resumed,"
                        + " exact; rows_compared=" + model.size() * 2);
                second.cancel(request, Duration.ofSeconds(30));
            }
        }
    }
}
