package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.db.GtidSets;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The stream checkpoints the GTID state of the last applied transaction with its file:position and a
 * driver killed while staged (writers running the whole time) resumes from it: by GTID when the server
 * tracks GTIDs — shown by making the stored file:position point at a binlog this server never had, as
 * after a failover or a renamed binlog — and by file:position when no GTID state is stored (a server
 * without GTIDs, or a request recorded before GTIDs were checkpointed). Either way the shadow ends equal
 * to the live table by a full comparison.
 */
@RealDatabase
class GtidResumeIT {
    private static final int ROWS = 20_000;

    @Test
    void aKilledDriverResumesByGtidEvenWhenTheStoredFileIsMeaningless(TestDb db) throws Exception {
        boolean gtids;
        try (Connection c = db.connect()) {
            gtids = BinlogPositions.tracksGtids(c, db.info());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(gtids, "the server does not track GTIDs (MySQL gtid_mode=OFF)");
        resume(db, true);
    }

    @Test
    void aKilledDriverResumesByFilePositionWhenNoGtidStateIsStored(TestDb db) throws Exception {
        resume(db, false);
    }

    private static void resume(TestDb db, boolean byGtid) throws Exception {
        String table = byGtid ? "orders_g" : "orders_f";
        db.exec(String.format(MigrationScenario.BASE, "`" + table + "`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), table, List.of("id")), 2, ROWS * 10L);
        load.seed(ROWS, 10);
        MigrationOptions options = MigrationOptions.defaults().withChunks(Duration.ofMillis(10), 500).withLeaseSeconds(3);
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec(table, "ADD COLUMN `c` INT NULL")), List.of());
        load.start();
        try (MigrationService first = MigrationService.connect(db.serverUrl(), options.withOwner("first"))) {
            long id = first.start(spec).id();
            CompletableFuture.runAsync(() -> first.runUntilStaged(id, Duration.ofMinutes(5)));
            awaitState(first, id, "staged");
            String gtidAtStaged = storedGtid(db, id);
            // Writes the live stream applies and checkpoints (a checkpoint is stored at most once a second).
            String gtidBeforeKill = storedGtid(db, id);
            for (int i = 0; i < 100 && gtidBeforeKill.equals(gtidAtStaged); i++) {
                Thread.sleep(100);
                gtidBeforeKill = storedGtid(db, id);
            }
            if (byGtid) {
                assertFalse(gtidAtStaged.isEmpty(), "the checkpoint carries a GTID state on a server with GTIDs");
                assertNotEquals(gtidAtStaged, gtidBeforeKill, "the GTID state moves with the applied transactions");
                assertTrue(GtidSets.contains(gtidBeforeKill, gtidAtStaged), gtidBeforeKill + " ⊇ " + gtidAtStaged);
                String serverGtid;
                try (Connection c = db.connect()) {
                    serverGtid = BinlogPositions.current(c, db.info()).gtid();
                }
                assertTrue(GtidSets.contains(serverGtid, gtidBeforeKill), "only applied transactions: server "
                        + serverGtid + " ⊇ checkpoint " + gtidBeforeKill);
            }
            first.crash(id); // kill -9: connections cut, nothing recorded, lease left behind
            Thread.sleep(1_500); // writes no stream reads
            if (byGtid) {
                // The stored file:position now means nothing on this server (another server's, or a renamed
                // binlog): only the GTID state can find the place.
                db.exec("UPDATE `_shadowbot`.`deploy_requests` SET binlog_file = 'elsewhere-bin.000777', binlog_pos = 4"
                        + " WHERE id = " + id);
            } else {
                db.exec("UPDATE `_shadowbot`.`deploy_requests` SET binlog_gtid = '' WHERE id = " + id);
            }
            Thread.sleep(2_500); // the dead driver's lease expires
            try (MigrationService second = MigrationService.connect(db.serverUrl(), options.withOwner("second"))) {
                DeployState staged = second.resume(id, Duration.ofMinutes(2));
                assertEquals("staged", staged.state(), String.valueOf(staged.error()));
                Thread.sleep(1_000); // the resumed stream applies live writes
                load.stop();
                second.awaitCaughtUp(id, Duration.ofSeconds(60));
                String shadow = staged.tables().get(0).shadow();
                StagedMigrationIT.assertShadowEqualsLive(db, table, shadow, List.of("id"));
                assertEquals(List.of(), WriteLoad.differences(load.model(), load.read(table), 10), load.toString());
                assertEquals(List.of(), WriteLoad.differences(load.model(), load.read(shadow), 10), "shadow = model");
                String gtidAfter = storedGtid(db, id);
                if (byGtid) {
                    assertTrue(GtidSets.contains(gtidAfter, gtidBeforeKill) && !gtidAfter.equals(gtidBeforeKill),
                            "resumed by GTID and checkpointed on: " + gtidBeforeKill + " -> " + gtidAfter);
                    assertNotEquals("elsewhere-bin.000777", db.scalar("SELECT binlog_file FROM `_shadowbot`.`deploy_requests`"
                            + " WHERE id = " + id), "the checkpoint is in this server's binlog coordinates again");
                } else {
                    assertEquals("", gtidAfter, "a stream started by file:position checkpoints no GTID state");
                }
                System.out.println("[gtid] resumed by " + (byGtid ? "GTID" : "file:position") + ": rows="
                        + load.model().size() + " writes=" + load.acknowledged() + " gtid=" + gtidAfter);
                second.cancel(id, Duration.ofSeconds(30));
            }
        } finally {
            load.close();
        }
    }

    static String storedGtid(TestDb db, long id) {
        String g = db.scalar("SELECT COALESCE(binlog_gtid, '') FROM `_shadowbot`.`deploy_requests` WHERE id = " + id);
        return g == null ? "" : g;
    }

    private static void awaitState(MigrationService s, long id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (state.equals(s.status(id).state())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("deploy request " + id + " did not reach " + state + ": " + s.status(id));
    }
}
