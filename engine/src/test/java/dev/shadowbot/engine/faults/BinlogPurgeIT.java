package dev.shadowbot.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binlog the stream still needs is rotated and purged while no driver reads it (the driver was
 * stopped, writes went on): resuming must refuse and say why, never skip the purged events silently;
 * nothing changes (the request keeps its state, so cancel still drops its shadow) and the live table is
 * left exactly as the writers left it.
 */
@RealDatabase
class BinlogPurgeIT {

    @Test
    void purgedBinlogsBehindAStoppedStreamAreRefusedAndSayWhy(TestDb db) throws Exception {
        db.exec(ConnectionKillIT.TABLE);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2, 100_000);
        load.seed(3000, 30);
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
        MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(3);
        load.start();
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options)) {
            long id = service.start(spec).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            service.stop(id); // the stream stops; its checkpoint stays in the store
            String checkpoint = service.status(id).checkpoint();
            Thread.sleep(800); // writes the stopped stream has not read
            load.stop();
            String file = checkpoint.split(":")[0];
            db.exec("FLUSH BINARY LOGS");
            String current = db.query("SHOW MASTER STATUS").get(0).get(0);
            // The server keeps a file a dump thread still reads: wait until the stopped stream's is gone.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (db.query("SHOW BINARY LOGS").stream().anyMatch(r -> r.get(0).equals(file)) && System.nanoTime() < deadline) {
                db.exec("PURGE BINARY LOGS TO '" + current + "'");
                Thread.sleep(200);
            }
            assertTrue(db.query("SHOW BINARY LOGS").stream().noneMatch(r -> r.get(0).equals(file)),
                    "the checkpoint's file " + file + " is purged: " + db.query("SHOW BINARY LOGS"));
            var liveBefore = load.read("orders");
            var schemaBefore = Faults.schemaSnapshot(db);

            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.resume(id, Duration.ofMinutes(1)));
            DeployState after = service.status(id);
            System.out.println("[faults] purge: " + e.getMessage() + " | " + e.nextStep() + " | state=" + after.state());
            assertEquals(ErrorCode.DATABASE, e.code(), e.getMessage());
            assertEquals("staged", after.state(), "refused before anything was applied: the state is kept");
            assertTrue(after.error().contains(file), "names the missing binlog: " + after.error());
            assertTrue(e.nextStep().contains("shadowbot cancel --id " + id), e.nextStep());
            assertEquals(liveBefore, load.read("orders"), "the live table is untouched");
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(schemaBefore, Faults.schemaSnapshot(db), "no table changed");
            assertEquals("cancelled", service.cancel(id, Duration.ofSeconds(30)).state(), "the next step works");
            Faults.record("binlog-purge: stream stopped, FLUSH + PURGE BINARY LOGS TO " + current + " -> resume failed: "
                    + e.getMessage().lines().findFirst().orElse("") + "; rows_compared=" + liveBefore.size());
        } finally {
            load.close();
        }
    }
}
