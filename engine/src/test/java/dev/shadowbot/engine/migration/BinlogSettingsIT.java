package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ShadowbotException;
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
 * Writes that reach the binlog without full row images (a session on binlog_format=STATEMENT, a
 * session on binlog_row_image=MINIMAL, the server switched globally) while staged or in the revert
 * window: the stream detects them (or the setting, at each catch-up), and the cutover or revert refuses
 * with nothing swapped. Before, the writes were silently missing after the swap. Writers run throughout;
 * the live table always holds every acknowledged write.
 */
@RealDatabase
class BinlogSettingsIT {
    private static final long KEYS = 100_000;
    private static final String CHANGE = "ADD COLUMN `c` INT NULL";

    @Test
    void aStatementFormatWriteWhileStagedFailsTheRequestAndNothingIsSwapped(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", CHANGE)), List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            writeInSession(db, "SET SESSION binlog_format = 'STATEMENT'",
                    "INSERT INTO t (id, v) VALUES (" + (KEYS + 1) + ", 'by statement')");
            String error = UniqueConflictIT.awaitState(service, id, "failed").error();
            assertTrue(error.contains("as a statement") && error.contains("not swapped"), error);
            assertThrows(ShadowbotException.class, () -> service.cutover(id, Duration.ofSeconds(10)));
            load.stop();
            assertEquals(List.of(), RevertIT.columnsNotIn(db, "t", List.of("id", "v", "n", "extra")), "not swapped");
            assertLiveHoldsTheModel(load);
        } finally {
            load.close();
        }
    }

    @Test
    void aMinimalImageInTheWindowMakesTheRevertRefuse(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (" + (KEYS + 1) + ", 'x')");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", CHANGE)), List.of())).id();
            service.runUntilStaged(id, Duration.ofMinutes(2));
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            writeInSession(db, "SET SESSION binlog_row_image = 'MINIMAL'", "UPDATE t SET v = 'minimal' WHERE id = " + (KEYS + 1));
            String reason = awaitNotRevertible(service, id);
            assertTrue(reason.contains("columns") && reason.contains("binlog_row_image"), reason);
            assertThrows(ShadowbotException.class, () -> service.revert(id, Duration.ofSeconds(20)));
            load.stop();
            assertEquals(List.of(List.of("c")), RevertIT.columnsNotIn(db, "t", List.of("id", "v", "n", "extra")),
                    "the new definition stays live");
            assertLiveHoldsTheModel(load);
        } finally {
            load.close();
        }
    }

    @Test
    void aServerSwitchedToStatementRefusesTheCutoverUntilItIsBack(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        String format = db.scalar("SELECT @@GLOBAL.binlog_format");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start(); // the writers' sessions keep ROW: only new sessions would write statements
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", CHANGE)), List.of())).id();
            service.runUntilStaged(id, Duration.ofMinutes(2));
            db.exec("SET GLOBAL binlog_format = 'STATEMENT'");
            ShadowbotException e;
            try {
                e = assertThrows(ShadowbotException.class, () -> service.cutover(id, Duration.ofSeconds(30)));
            } finally {
                db.exec("SET GLOBAL binlog_format = '" + format + "'");
            }
            assertTrue(e.getMessage().contains("binlog_format=STATEMENT"), e.getMessage());
            assertEquals("staged", service.status(id).state());
            assertEquals(List.of(), RevertIT.columnsNotIn(db, "t", List.of("id", "v", "n", "extra")), "not swapped");
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state(), "ROW again: it cuts over");
            Thread.sleep(300);
            load.stop();
            assertLiveHoldsTheModel(load);
        } finally {
            db.exec("SET GLOBAL binlog_format = '" + format + "'");
            load.close();
        }
    }

    private static void writeInSession(TestDb db, String setting, String write) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(setting);
            st.execute(write);
        }
    }

    private static String awaitNotRevertible(MigrationService service, long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.status(id).notRevertible() == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String reason = service.status(id).notRevertible();
        assertNotNull(reason, "the partial image was detected");
        return reason;
    }

    private static void assertLiveHoldsTheModel(WriteLoad load) throws Exception {
        UniqueConflictIT.assertLiveHoldsTheModel(load, "t", KEYS);
    }
}
