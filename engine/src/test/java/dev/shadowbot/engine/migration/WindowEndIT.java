package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The end of the revert window is acted on even when no driver runs (the CLI exited after the cutover):
 * {@code finishExpiredWindows} closes every ended window, {@code status} starts closing its request's. A
 * reverse sync that cannot run does not fail the deploy: the new schema stays live, the request is marked
 * not revertible with the reason, and the window closes as usual. A killed reverse stream reconnects.
 */
@RealDatabase
class WindowEndIT {

    @Test
    void anEndedWindowIsClosedWithoutARunningDriver(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t1`"), String.format(MigrationScenario.BASE, "`t2`"),
                "INSERT INTO t1 (id, v) VALUES (1, 'a')", "INSERT INTO t2 (id, v) VALUES (1, 'b')");
        MigrationOptions opts = MigrationOptions.defaults().withRevertWindow(Duration.ofHours(1));
        long id1;
        long id2;
        try (MigrationService first = MigrationService.connect(db.serverUrl(), opts)) {
            id1 = cutOver(first, db, "t1");
            id2 = cutOver(first, db, "t2");
        } // closing stops the drivers: nobody drives the windows any more
        // The hour passes (the window end is judged by the server clock against the stored end).
        db.exec("UPDATE _shadowbot.deploy_requests SET window_ends_at = NOW(6) - INTERVAL 1 SECOND WHERE id IN ("
                + id1 + ", " + id2 + ")");
        try (MigrationService later = MigrationService.connect(db.serverUrl(), opts)) {
            assertEquals("reverse_syncing", db.scalar("SELECT status FROM _shadowbot.deploy_requests WHERE id = " + id1),
                    "nothing closed it yet");
            assertTrue(StagedMigrationIT.tableExists(db, ShadowNames.retired(id1, "t1").orElseThrow()));
            // status of one request starts closing that one (without waiting)
            later.status(id2);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!"complete".equals(later.status(id2).state()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("complete", later.status(id2).state());
            later.awaitDriverEnd(id2, Duration.ofMinutes(1)); // the old table is dropped after `complete`
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.retired(id2, "t2").orElseThrow()));
            // the bot's timer (and start/resume) close every ended window
            assertEquals(List.of(id1), later.finishExpiredWindows(Duration.ofMinutes(1)));
            assertEquals("complete", later.status(id1).state());
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.retired(id1, "t1").orElseThrow()));
            assertEquals(List.of(), later.finishExpiredWindows(Duration.ofMinutes(1)));
            assertEquals(List.of(List.of("1", "a")), db.query("SELECT id, v FROM t1"));
        }
    }

    @Test
    void aReverseSyncWhoseBinlogsArePurgedMarksNotRevertibleAndKeepsTheDeploy(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a')");
        long id;
        try (MigrationService first = MigrationService.connect(db.serverUrl())) {
            id = cutOver(first, db, "t");
        }
        // While no driver ran, the binlogs since the checkpoint were purged (a file older than any left; no
        // GTID state to resume by, as on a server without GTIDs).
        db.exec("UPDATE _shadowbot.deploy_requests SET binlog_file = 'mysql-bin.000000', binlog_pos = 4, binlog_gtid = ''"
                + " WHERE id = " + id);
        try (MigrationService later = MigrationService.connect(db.serverUrl())) {
            assertEquals("reverse_syncing", later.resume(id, Duration.ofMinutes(1)).state());
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (later.status(id).notRevertible() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            DeployState s = later.status(id);
            assertEquals("reverse_syncing", s.state(), "the deploy did not fail: " + s.error());
            assertNotNull(s.notRevertible(), "marked not revertible");
            assertTrue(s.notRevertible().contains("the reverse sync"), s.notRevertible());
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> later.revert(id, Duration.ofMinutes(1)));
            assertEquals(ErrorCode.BLOCKED, e.code(), e.getMessage());
            assertEquals(List.of(List.of("c")), RevertIT.columnsNotIn(db, "t", List.of("id", "v", "n")), "new schema live");
            assertEquals("complete", later.skipRevert(id, Duration.ofMinutes(1)).state());
            later.awaitDriverEnd(id, Duration.ofMinutes(1)); // the old table is dropped after `complete`
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.retired(id, "t").orElseThrow()));
        }
    }

    @Test
    void aKilledReverseStreamReconnectsAndTheRevertKeepsEveryRow(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            Set<Long> before = binlogDumps(db);
            long id = cutOver(service, db, "t");
            Set<Long> killed = new java.util.HashSet<>();
            for (int round = 0; round < 3; round++) {
                long dump = awaitNewDump(db, before, killed);
                db.exec("KILL " + dump);
                killed.add(dump);
                db.exec("INSERT INTO t (id, v, c) VALUES (" + (10 + round) + ", 'w', 1)"); // written while it is down
            }
            assertEquals(3, killed.size());
            DeployState reverted = service.revert(id, Duration.ofMinutes(1));
            assertEquals("reverted", reverted.state(), String.valueOf(reverted.error()));
            assertEquals(List.of(List.of("1", "a"), List.of("10", "w"), List.of("11", "w"), List.of("12", "w")),
                    db.query("SELECT id, v FROM t ORDER BY id"), "the old table got every row written around the kills");
        }
    }

    /** Waits for a binlog dump connection that is neither in {@code old} nor already killed. */
    private static long awaitNewDump(TestDb db, Set<Long> old, Set<Long> killed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (long d : binlogDumps(db)) {
                if (!old.contains(d) && !killed.contains(d)) {
                    return d;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the reverse stream did not reconnect");
    }

    private static long cutOver(MigrationService service, TestDb db, String table) {
        long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec(table, RevertIT.CHANGE)), List.of())).id();
        service.runUntilStaged(id, Duration.ofMinutes(1));
        assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
        return id;
    }

    private static Set<Long> binlogDumps(TestDb db) throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
