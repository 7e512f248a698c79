package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deploy → cutover → writes during the revert window → revert, with writers recording every
 * acknowledged write the whole time: afterwards the old definition is live and holds every
 * acknowledged write (the writers' columns are in both definitions), no client saw an error at
 * cutover or revert, and a column only the old table has kept its values. Also across a driver that
 * dies during the window.
 */
@RealDatabase
class RevertIT {
    static final String CHANGE = "ADD COLUMN `c` INT NULL, DROP COLUMN `extra`";
    private static final long KEYS = 100_000;

    @Test
    void revertKeepsEveryAcknowledgedWriteOfTheWindow(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`orders`"));
        untouchedRowsWithExtra(db);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 4, KEYS);
        load.seed(2000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("orders", CHANGE)), List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            long refused = load.refused();
            DeployState window = service.cutover(id, Duration.ofMinutes(1));
            assertEquals("reverse_syncing", window.state());
            assertNotNull(window.windowEndsAt());
            assertNull(window.notRevertible());
            assertEquals(List.of(List.of("c")), columnsNotIn(db, "orders", List.of("id", "v", "n")), "new definition live");
            db.exec("UPDATE orders SET v = 'window', c = 9 WHERE id >= 10000000"); // via the new table
            Thread.sleep(1500); // writes during the window
            DeployState reverted = service.revert(id, Duration.ofMinutes(1));
            service.awaitDriverEnd(id, Duration.ofMinutes(2)); // the retired new table is dropped after `reverted`
            Thread.sleep(300);
            load.stop();
            assertEquals("reverted", reverted.state());
            assertEquals(refused, load.refused(), "no client errors at cutover and revert");
            assertEquals(List.of(List.of("extra")), columnsNotIn(db, "orders", List.of("id", "v", "n")), "old definition live");
            var rows = load.read("orders");
            rows.keySet().removeIf(k -> k >= KEYS); // the two rows outside the writers' keys are checked below
            assertEquals(List.of(), WriteLoad.differences(load.model(), rows, 10), load.toString());
            assertEquals(List.of(List.of("10000000", "window", "5"), List.of("10000001", "window", "5")),
                    db.query("SELECT id, v, extra FROM orders WHERE id >= 10000000 ORDER BY id"),
                    "the window's update reached the old table and the old-only column kept its value");
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.retired(id, "orders").orElseThrow()));
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.reverted(id, "orders").orElseThrow()));
        } finally {
            load.close();
        }
    }

    @Test
    void aDriverKilledDuringTheWindowResumesReverseSyncFromItsCheckpoint(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`orders`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 3, KEYS);
        load.seed(2000, 40);
        MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(3);
        long id;
        load.start();
        try {
            try (MigrationService first = MigrationService.connect(db.serverUrl(), options.withOwner("first"))) {
                id = first.start(new DeploySpec(db.schema(), List.of(new TableSpec("orders", CHANGE)), List.of())).id();
                first.runUntilStaged(id, Duration.ofMinutes(2));
                assertEquals("reverse_syncing", first.cutover(id, Duration.ofMinutes(1)).state());
                Thread.sleep(1000);
                String before = first.status(id).checkpoint();
                first.crash(id);
                assertEquals("reverse_syncing", first.status(id).state(), "a crash records nothing");
                assertFalse(before.isEmpty());
            }
            Thread.sleep(1500); // writes the old table does not get while no driver runs
            try (MigrationService second = MigrationService.connect(db.serverUrl(), options.withOwner("second"))) {
                Thread.sleep(2000); // the dead driver's lease expires; revert takes over from the checkpoint
                assertEquals("reverted", second.revert(id, Duration.ofMinutes(1)).state());
                Thread.sleep(300);
                load.stop();
                assertEquals(List.of(List.of("extra")), columnsNotIn(db, "orders", List.of("id", "v", "n")));
                assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            }
        } finally {
            load.close();
        }
    }

    @Test
    void skipRevertDropsTheOldTableAndCompletes(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", CHANGE)), List.of())).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            service.cutover(id, Duration.ofMinutes(1));
            assertTrue(StagedMigrationIT.tableExists(db, ShadowNames.retired(id, "t").orElseThrow()));
            assertThrows(ShadowbotException.class, () -> service.cancel(id, Duration.ofSeconds(5)), "no cancel after cutover");
            assertEquals("complete", service.skipRevert(id, Duration.ofMinutes(1)).state());
            service.awaitDriverEnd(id, Duration.ofMinutes(1)); // the old table is dropped after `complete`
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.retired(id, "t").orElseThrow()));
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.revert(id, Duration.ofSeconds(5)));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), db.query("SELECT id, v FROM t ORDER BY id"));
        }
    }

    @Test
    void aZeroWindowCompletesAtCutover(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a')");
        try (MigrationService service = MigrationService.connect(db.serverUrl(),
                MigrationOptions.defaults().withRevertWindow(Duration.ZERO))) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", CHANGE)), List.of())).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            assertEquals("complete", service.cutover(id, Duration.ofMinutes(1)).state());
            service.awaitDriverEnd(id, Duration.ofMinutes(1)); // the old table is dropped after `complete`
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.retired(id, "t").orElseThrow()));
        }
    }

    /** Two rows outside the writers' key space whose {@code extra} (dropped by the change) is 5. */
    private static void untouchedRowsWithExtra(TestDb db) throws Exception {
        db.exec("INSERT INTO orders (id, v, n, extra) VALUES (10000000, 'x', 1, 5), (10000001, 'y', 2, 5)");
    }

    /** Columns of {@code table} other than {@code known}. */
    static List<List<String>> columnsNotIn(TestDb db, String table, List<String> known) throws Exception {
        return db.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db.schema()
                + "' AND TABLE_NAME = '" + table + "' AND COLUMN_NAME NOT IN ('" + String.join("','", known)
                + "') ORDER BY COLUMN_NAME");
    }
}
