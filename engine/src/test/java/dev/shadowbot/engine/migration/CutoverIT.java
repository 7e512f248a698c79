package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.cutover.CutoverOptions;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Staged → cutover through the driver, with writers running across the swap: the new definition is
 * live, every acknowledged write is in it, no client saw an error during the swap, and the old table
 * keeps its rows under the retired name. A cutover blocked by a long transaction gives up and stays
 * staged. Several tables: MultiTableCutoverIT.
 */
@RealDatabase
class CutoverIT {

    @org.junit.jupiter.api.RepeatedTest(4)
    void cutsOverOneTableUnderWriteLoad(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.COMPOSITE, "`b`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "b", List.of("a", "b")), 4, 100_000);
        load.seed(2000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("b", "MODIFY COLUMN `n` BIGINT NULL")),
                    List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            Thread.sleep(300);
            long refusedBefore = load.refused();
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            Thread.sleep(300);
            load.stop();
            assertEquals(refusedBefore, load.refused(), "no client errors during the cutover");
            var live = load.read("b");
            var old = load.read(ShadowNames.retired(id, "b").orElseThrow());
            List<String> diff = WriteLoad.differences(load.model(), live, 10);
            StringBuilder where = new StringBuilder();
            for (String d : diff) {
                long k = Long.parseLong(d.substring(0, d.indexOf(':')));
                where.append(k).append(" in retired table: ").append(old.get(k)).append("; ");
            }
            assertEquals(List.of(), diff, load + " " + where);
            assertEquals(List.of(List.of("bigint")), db.query("SELECT DATA_TYPE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = '" + db.schema() + "' AND TABLE_NAME = 'b' AND COLUMN_NAME = 'n'"),
                    "the new definition is live");
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "b")));
            assertTrue(service.status(id).cutoverLockMillis() != null);
        } finally {
            load.close();
        }
    }

    @Test
    void aLongTransactionMakesTheCutoverGiveUpAndStayStaged(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
        MigrationOptions opts = MigrationOptions.defaults()
                .withCutover(new CutoverOptions(Duration.ofSeconds(1), 2, Duration.ofMillis(100), Duration.ofSeconds(3)));
        try (MigrationService service = MigrationService.connect(db.serverUrl(), opts);
             Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of())).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            blocker.setAutoCommit(false);
            st.execute("UPDATE t SET v = 'held' WHERE id = 1"); // holds the table's metadata lock
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.cutover(id, Duration.ofMinutes(1)));
            assertEquals(ErrorCode.DATABASE, e.code());
            assertEquals("staged", service.status(id).state());
            blocker.rollback();
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state(), "retried later, it works");
            assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), db.query("SELECT id, v FROM t ORDER BY id"));
        }
    }
}
