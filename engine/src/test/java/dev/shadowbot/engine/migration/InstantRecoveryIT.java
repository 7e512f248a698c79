package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.instant.InstantPolicy;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.store.SidecarStore;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A driver that died in the middle of an instant cutover or revert: the stored state says
 * {@code cutting_over} / {@code reverting}, and the ALTER either ran or did not. The next driver looks at
 * the live table, runs only what is missing, and ends where the request was going; a table changed by
 * someone else meanwhile is refused with nothing changed.
 */
@RealDatabase
class InstantRecoveryIT {
    private static final String T = "CREATE TABLE t (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, PRIMARY KEY (id))";

    @Test
    void theNextDriverFinishesWhatTheDeadOneStarted(TestDb db) throws Exception {
        db.exec(T, "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        long id;
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN `c` INT NULL")), List.of())
                .withInstant(InstantPolicy.AUTO);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            id = service.start(spec).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(1)).state());
        }
        try (SidecarStore store = SidecarStore.open(db.serverUrl())) {
            // Died after its ALTER, before recording the cutover.
            assertTrue(store.transition(id, DeployStatus.STAGED, DeployStatus.CUTTING_OVER, null));
            db.exec("ALTER TABLE t ADD COLUMN `c` INT NULL");
        }
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            DeployState s = service.resume(id, Duration.ofMinutes(1));
            assertEquals("reverse_syncing", s.state(), String.valueOf(s.error()));
        }
        assertEquals("1", columns(db, "c"), "the ALTER is not run twice");
        try (SidecarStore store = SidecarStore.open(db.serverUrl())) {
            // Died while reverting, before its ALTER.
            assertTrue(store.transition(id, DeployStatus.REVERSE_SYNCING, DeployStatus.REVERTING, null));
        }
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            service.resume(id, Duration.ofMinutes(1));
            service.awaitDriverEnd(id, Duration.ofMinutes(1));
            assertEquals("reverted", service.status(id).state());
        }
        assertEquals("0", columns(db, "c"));
        assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), db.query("SELECT * FROM t ORDER BY id"));
    }

    @Test
    void aTableChangedByHandMeanwhileIsRefused(TestDb db) throws Exception {
        db.exec(T);
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN `c` INT NULL")), List.of())
                .withInstant(InstantPolicy.AUTO);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(spec).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            db.exec("ALTER TABLE t ADD COLUMN `other` INT NULL");
            DeployState refused;
            try {
                refused = service.cutover(id, Duration.ofMinutes(1));
            } catch (dev.shadowbot.engine.ShadowbotException e) {
                refused = service.status(id);
            }
            assertEquals("staged", refused.state());
            assertTrue(String.valueOf(refused.error()).contains("changed outside this deploy request"), refused.error());
            assertEquals("0", columns(db, "c"), "nothing changed");
        }
    }

    private static String columns(TestDb db, String name) {
        return db.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 't' AND COLUMN_NAME = '" + name + "'");
    }
}
