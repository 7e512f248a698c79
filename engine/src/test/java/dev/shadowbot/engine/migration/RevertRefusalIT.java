package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Changes written during the window that the old definition cannot hold: the revert is refused with
 * the table, the key and the server's reason, nothing is swapped, the new definition stays live with
 * the row, and status shows why.
 */
@RealDatabase
class RevertRefusalIT {

    @Test
    void aWiderValueInAWidenedColumnMakesTheRequestNotRevertible(TestDb db) throws Exception {
        refused(db, "MODIFY COLUMN `v` VARCHAR(200) NOT NULL",
                "INSERT INTO t (id, v) VALUES (7, REPEAT('w', 100))", "id=7", "too long", "200");
    }

    @Test
    void aNullInARelaxedNotNullColumnMakesTheRequestNotRevertible(TestDb db) throws Exception {
        refused(db, "MODIFY COLUMN `v` VARCHAR(64) NULL", "UPDATE t SET v = NULL WHERE id = 2", "id=2", "null", "64");
    }

    @Test
    void aDuplicateOnARelaxedUniqueKeyMakesTheRequestNotRevertible(TestDb db) throws Exception {
        db.exec("CREATE TABLE u (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(64) NOT NULL, UNIQUE KEY ux_v (v))",
                "INSERT INTO u VALUES (1, 'a'), (2, 'b')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = cutOver(db, service, "u", "DROP INDEX `ux_v`");
            db.exec("INSERT INTO u VALUES (3, 'a')");
            revertRefused(service, id, "table u, key id=3", "duplicate");
            assertEquals(List.of(List.of("1", "a"), List.of("2", "b"), List.of("3", "a")),
                    db.query("SELECT id, v FROM u ORDER BY id"), "the new definition stays live with every row");
            assertEquals("complete", service.skipRevert(id, Duration.ofMinutes(1)).state());
        }
    }

    /**
     * The old table keeps a NOT NULL column without default that the deploy dropped: an update of an
     * existing row goes back (the old row keeps that column's value), an inserted row cannot.
     */
    @Test
    void aRowInsertedAfterDroppingANotNullColumnWithoutDefaultMakesTheRequestNotRevertible(TestDb db) throws Exception {
        db.exec("CREATE TABLE w (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(64) NOT NULL, req INT NOT NULL)",
                "INSERT INTO w VALUES (1, 'a', 10), (2, 'b', 20)");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = cutOver(db, service, "w", "DROP COLUMN `req`");
            db.exec("UPDATE w SET v = 'z' WHERE id = 1", "DELETE FROM w WHERE id = 2");
            awaitReverseSynced(db, id);
            assertEquals(null, service.status(id).notRevertible(), "updates and deletes of old rows can go back");
            db.exec("INSERT INTO w VALUES (3, 'c')");
            revertRefused(service, id, "table w, key id=3", "default");
            assertEquals(List.of(List.of("1", "z"), List.of("3", "c")), db.query("SELECT id, v FROM w ORDER BY id"),
                    "the new definition stays live with every row");
            assertEquals("complete", service.skipRevert(id, Duration.ofMinutes(1)).state());
        }
    }

    @Test
    void updatesOfRowsWhoseDroppedColumnHasNoDefaultGoBackWithItsValue(TestDb db) throws Exception {
        db.exec("CREATE TABLE w (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(64) NOT NULL, req INT NOT NULL)",
                "INSERT INTO w VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = cutOver(db, service, "w", "DROP COLUMN `req`");
            db.exec("UPDATE w SET v = 'z' WHERE id = 1", "UPDATE w SET v = 'y' WHERE id = 3", "DELETE FROM w WHERE id = 2");
            assertEquals("reverted", service.revert(id, Duration.ofMinutes(1)).state());
            assertEquals(List.of(List.of("1", "z", "10"), List.of("3", "y", "30")),
                    db.query("SELECT id, v, req FROM w ORDER BY id"), "the old table, with the window's writes");
        }
    }

    /** Deploys {@code change} of {@code table} and cuts it over: the revert window is open. */
    private static long cutOver(TestDb db, MigrationService service, String table, String change) throws Exception {
        long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec(table, change)), List.of())).id();
        service.runUntilStaged(id, Duration.ofMinutes(1));
        assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
        return id;
    }

    /** The revert is refused (BLOCKED), naming {@code where} and the server's {@code reason}. */
    private static void revertRefused(MigrationService service, long id, String where, String reason) {
        ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.revert(id, Duration.ofMinutes(1)));
        assertEquals(ErrorCode.BLOCKED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(where) && e.getMessage().toLowerCase().contains(reason), e.getMessage());
    }

    /** Waits until the reverse sync has applied everything written so far. */
    private static void awaitReverseSynced(TestDb db, long id) throws Exception {
        BinlogPosition target;
        try (Connection c = db.connect()) {
            target = BinlogPositions.current(c, db.info());
        }
        for (int i = 0; i < 200; i++) {
            List<String> at = db.query("SELECT binlog_file, binlog_pos FROM _shadowbot.deploy_requests WHERE id = " + id).get(0);
            if (new BinlogPosition(at.get(0), Long.parseLong(at.get(1)), "").isAtOrAfter(target)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the reverse sync did not reach " + target + " in 10 s");
    }

    private static void refused(TestDb db, String change, String windowWrite, String key, String reason,
                                String liveLength) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = cutOver(db, service, "t", change);
            db.exec(windowWrite);
            revertRefused(service, id, "table t, key " + key, reason);
            DeployState s = service.status(id);
            assertEquals("reverse_syncing", s.state());
            assertTrue(s.notRevertible() != null && s.notRevertible().contains(key), String.valueOf(s.notRevertible()));
            assertEquals(List.of(List.of(liveLength)), db.query("SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = '" + db.schema() + "' AND TABLE_NAME = 't' AND COLUMN_NAME = 'v'"),
                    "nothing swapped");
            assertEquals(3 - (windowWrite.startsWith("UPDATE") ? 1 : 0), Integer.parseInt(db.scalar("SELECT COUNT(*) FROM t")));
            // A second attempt is refused at once from the stored marker.
            assertEquals(ErrorCode.BLOCKED, assertThrows(ShadowbotException.class,
                    () -> service.revert(id, Duration.ofSeconds(5))).code());
            assertEquals("complete", service.skipRevert(id, Duration.ofMinutes(1)).state());
        }
    }
}
