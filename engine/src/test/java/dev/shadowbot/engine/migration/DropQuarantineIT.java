package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Quarantined drops: a table the plan drops is renamed to {@code <table>_shadowbot_<id>_old} in the
 * cutover's RENAME (with every row), a revert gives it its name back with every row, and closing the
 * window drops it.
 */
@RealDatabase
class DropQuarantineIT {
    private static final String ROWS = "SELECT id, v, n, extra FROM %s ORDER BY id";

    @Test
    void aDroppedTableIsQuarantinedAtCutoverAndRestoredByRevert(TestDb db) throws Exception {
        Assumptions.assumeTrue(MultiTableCutoverIT.canSwapSeveral(db), "a MySQL without the metadata lock instrument");
        db.exec(String.format(MigrationScenario.BASE, "`a`"), String.format(MigrationScenario.BASE, "`gone`"),
                "INSERT INTO gone (id, v, n, extra) SELECT seq, CONCAT('r', seq), seq * 2, 3 FROM "
                        + "(SELECT a.i * 10 + b.i AS seq FROM (SELECT 0 i UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 "
                        + "UNION SELECT 4) a, (SELECT 0 i UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 "
                        + "UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) b) s");
        List<List<String>> before = db.query(String.format(ROWS, "gone"));
        assertEquals(50, before.size());
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "a", List.of("id")), 2, 100_000);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("a", "ADD COLUMN `c` INT NULL")),
                    List.of(), List.of("gone"))).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            long refused = load.refused();
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            String quarantine = ShadowNames.retired(id, "gone").orElseThrow();
            assertFalse(StagedMigrationIT.tableExists(db, "gone"), "gone from its live name");
            assertEquals(before, db.query(String.format(ROWS, "`" + quarantine + "`")), "every row kept in quarantine");
            Thread.sleep(500);
            assertEquals("reverted", service.revert(id, Duration.ofMinutes(1)).state());
            load.stop();
            assertEquals(refused, load.refused(), "no client errors on the changed table");
            assertEquals(before, db.query(String.format(ROWS, "gone")), "the revert restored every row");
            assertFalse(StagedMigrationIT.tableExists(db, quarantine));
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("a"), 10), load.toString());
            assertEquals(List.of(), RevertIT.columnsNotIn(db, "a", List.of("id", "v", "n", "extra")), "old a live");
        } finally {
            load.close();
        }
    }

    @Test
    void closingTheWindowDropsTheQuarantinedTable(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`gone`"), "INSERT INTO gone (id, v) VALUES (1, 'a'), (2, 'b')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            // Only a drop: one table in the swap, no reverse sync needed.
            long id = service.start(new DeploySpec(db.schema(), List.of(), List.of(), List.of("gone"))).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            String quarantine = ShadowNames.retired(id, "gone").orElseThrow();
            assertFalse(StagedMigrationIT.tableExists(db, "gone"));
            assertEquals(List.of(List.of("1", "a"), List.of("2", "b")),
                    db.query("SELECT id, v FROM `" + quarantine + "` ORDER BY id"));
            assertEquals("complete", service.skipRevert(id, Duration.ofMinutes(1)).state());
            service.awaitDriverEnd(id, Duration.ofMinutes(1)); // the old table is dropped after `complete`
            assertFalse(StagedMigrationIT.tableExists(db, quarantine), "dropped when the window closed");
            assertFalse(StagedMigrationIT.tableExists(db, "gone"));
        }
    }

    @Test
    void aDropOnlyRequestRevertsToo(TestDb db) throws Exception {
        Assumptions.assumeTrue(MultiTableCutoverIT.canSwapSeveral(db), "a MySQL without the metadata lock instrument");
        db.exec(String.format(MigrationScenario.BASE, "`gone`"), "INSERT INTO gone (id, v) VALUES (1, 'a'), (2, 'b')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(), List.of(), List.of(), List.of("gone"))).id();
            service.runUntilStaged(id, Duration.ofMinutes(2));
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            assertFalse(StagedMigrationIT.tableExists(db, "gone"));
            assertEquals("reverted", service.revert(id, Duration.ofMinutes(1)).state());
            assertTrue(StagedMigrationIT.tableExists(db, "gone"));
            assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), db.query("SELECT id, v FROM gone ORDER BY id"));
        }
    }
}
