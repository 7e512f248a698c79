package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
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
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("u", "DROP INDEX `ux_v`")),
                    List.of())).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            service.cutover(id, Duration.ofMinutes(1));
            db.exec("INSERT INTO u VALUES (3, 'a')");
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.revert(id, Duration.ofMinutes(1)));
            assertEquals(ErrorCode.BLOCKED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("table u, key id=3") && e.getMessage().toLowerCase().contains("duplicate"),
                    e.getMessage());
            assertEquals(List.of(List.of("1", "a"), List.of("2", "b"), List.of("3", "a")),
                    db.query("SELECT id, v FROM u ORDER BY id"), "the new definition stays live with every row");
            assertEquals("complete", service.skipRevert(id, Duration.ofMinutes(1)).state());
        }
    }

    private static void refused(TestDb db, String change, String windowWrite, String key, String reason,
                                String liveLength) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", change)), List.of())).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            db.exec(windowWrite);
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.revert(id, Duration.ofMinutes(1)));
            assertEquals(ErrorCode.BLOCKED, e.code(), e.getMessage());
            String m = e.getMessage();
            assertTrue(m.contains("table t, key " + key) && m.toLowerCase().contains(reason), m);
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
