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
        WriteLoad load = ordersUnderLoad(db);
        try (MigrationService service = MigrationService.connect(db.serverUrl(), OPTIONS)) {
            Purged p = stagedStoppedAndPurged(db, load, service);
            var liveBefore = load.read("orders");
            var schemaBefore = Faults.schemaSnapshot(db);

            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.resume(p.id, Duration.ofMinutes(1)));
            DeployState after = service.status(p.id);
            System.out.println("[faults] purge: " + e.getMessage() + " | " + e.nextStep() + " | state=" + after.state());
            assertEquals(ErrorCode.BINLOG_GONE, e.code(), e.getMessage());
            assertEquals("staged", after.state(), "refused before anything was applied: the state is kept");
            assertTrue(after.error().contains(p.file), "names the missing binlog: " + after.error());
            assertTrue(e.nextStep().contains("shadowbot cancel --id " + p.id), e.nextStep());
            assertTrue(e.nextStep().contains("binlog_expire_logs_seconds"), "names the setting to raise: " + e.nextStep());
            assertEquals(liveBefore, load.read("orders"), "the live table is untouched");
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(schemaBefore, Faults.schemaSnapshot(db), "no table changed");
            assertEquals("cancelled", service.cancel(p.id, Duration.ofSeconds(30)).state(), "the next step works");
            Faults.record("binlog-purge: stream stopped, FLUSH + PURGE BINARY LOGS TO " + p.current + " -> resume failed: "
                    + e.getMessage().lines().findFirst().orElse("") + "; rows_compared=" + liveBefore.size());
        } finally {
            load.close();
        }
    }

    /**
     * The merge workflow's cutover of a request whose deploy job ended at staged, after the binlogs since were
     * purged: refused at once with BINLOG_GONE — not a driver restarted every 100 ms until the wait runs out —
     * the cutover request withdrawn, the request still staged, every table as it was.
     */
    @Test
    void aCutoverWhoseBinlogsWerePurgedIsRefusedAtOnceAndChangesNothing(TestDb db) throws Exception {
        WriteLoad load = ordersUnderLoad(db);
        try (MigrationService service = MigrationService.connect(db.serverUrl(), OPTIONS)) {
            Purged p = stagedStoppedAndPurged(db, load, service);
            var liveBefore = load.read("orders");
            var schemaBefore = Faults.schemaSnapshot(db);

            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.cutover(p.id, Duration.ofMinutes(3)));
            assertEquals(ErrorCode.BINLOG_GONE, e.code(), "refused, not timed out: " + e.getMessage());
            assertTrue(e.getMessage().contains(p.file), e.getMessage());
            assertTrue(e.nextStep().contains("binlog_expire_logs_seconds") && e.nextStep().contains("expire_logs_days"),
                    "names the retention settings: " + e.nextStep());
            DeployState after = service.status(p.id);
            assertEquals("staged", after.state());
            assertEquals(List.of(List.of("<none>")), db.query("SELECT COALESCE(control_request, '<none>')"
                    + " FROM `_shadowbot`.`deploy_requests` WHERE id = " + p.id), "the cutover request is withdrawn");
            assertEquals(liveBefore, load.read("orders"), "the live table is untouched");
            assertEquals(schemaBefore, Faults.schemaSnapshot(db), "nothing swapped");
            assertEquals("cancelled", service.cancel(p.id, Duration.ofSeconds(30)).state(), "the next step works");
        } finally {
            load.close();
        }
    }

    private static final MigrationOptions OPTIONS = MigrationOptions.defaults().withLeaseSeconds(3);

    private record Purged(long id, String file, String current) {
    }

    private static WriteLoad ordersUnderLoad(TestDb db) throws Exception {
        db.exec(ConnectionKillIT.TABLE);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2, 100_000);
        load.seed(3000, 30);
        return load;
    }

    /** Staged under writes, stream stopped, more writes, then the checkpoint's binlog file flushed and purged. */
    private static Purged stagedStoppedAndPurged(TestDb db, WriteLoad load, MigrationService service) throws Exception {
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
        load.start();
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
        return new Purged(id, file, current);
    }
}
