package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A staged request can wait days for its merge. While nothing is written to its tables the driver must
 * not keep writing to the server: it renewed its lease every second and stored a checkpoint after each
 * renewal (the renewal's transaction moved the position), two binlog transactions a second for ever.
 * Now the lease is renewed every 5 s (a third of the default 30 s) and a checkpoint that only other
 * transactions moved is stored every 30 s. A row change is still checkpointed at once.
 */
@RealDatabase
class IdleCheckpointIT {

    @Test
    void anIdleStagedDriverStoresNoCheckpointsUntilARowChanges(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`idle`"), "INSERT INTO idle (id, v, n) VALUES (1, 'a', 1)");
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("idle", "ADD COLUMN `c` INT NULL")), List.of());
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(spec).id();
            DeployState staged = service.runUntilStaged(id, Duration.ofMinutes(2));
            assertEquals("staged", staged.state());
            String shadow = staged.tables().get(0).shadow();
            Thread.sleep(1_000); // the last busy checkpoints (every 250 ms) are stored

            String idle = checkpoint(db, id);
            List<String> from = db.query("SHOW MASTER STATUS").get(0);
            Thread.sleep(5_500); // the driver polls for control every second meanwhile, renews its lease once or twice
            assertEquals(idle, checkpoint(db, id), "no checkpoint is stored while only our own writes move the binlog");
            // Only lease renewals are left (one per 5 s at the default 30 s lease); before: ~11 transactions.
            long commits = db.query("SHOW BINLOG EVENTS IN '" + from.get(0) + "' FROM " + from.get(1)).stream()
                    .filter(e -> e.get(2).equals("Xid")).count();
            assertTrue(commits <= 2, commits + " transactions written in 5.5 s by an idle staged driver");

            db.exec("INSERT INTO idle (id, v, n) VALUES (2, 'b', 2)");
            String moved = checkpoint(db, id);
            for (int i = 0; i < 100 && moved.equals(idle); i++) {
                Thread.sleep(50);
                moved = checkpoint(db, id);
            }
            assertNotEquals(idle, moved, "a row change is checkpointed promptly");
            assertEquals("2", db.scalar("SELECT COUNT(*) FROM `" + shadow + "`"), "and applied to the shadow");
            assertEquals("cancelled", service.cancel(id, Duration.ofSeconds(30)).state());
        }
    }

    private static String checkpoint(TestDb db, long id) {
        return db.scalar("SELECT CONCAT(binlog_file, ':', binlog_pos) FROM _shadowbot.deploy_requests WHERE id = " + id);
    }
}
