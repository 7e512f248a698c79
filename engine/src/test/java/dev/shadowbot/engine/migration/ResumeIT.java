package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A driver that dies without cleanup (connections cut, nothing recorded, lease left behind) is
 * resumed by a new process: after the lease expires it continues the copy from the stored high-water
 * key and the stream from the stored position, and the tables end equal, with writers running the
 * whole time. Then the same while staged.
 */
@RealDatabase
class ResumeIT {
    private static final int ROWS = 40_000;

    @Test
    void resumesAfterTheDriverDiesMidCopyAndWhileStaged(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`orders`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2,
                ROWS * 10L);
        load.seed(ROWS, 10);
        // The shadow's plain index is built after the copy: a driver dying mid-copy leaves it without
        // the index, and the resumed driver must still build it.
        MigrationOptions options = MigrationOptions.defaults().withChunks(Duration.ofMillis(10), 100).withLeaseSeconds(3)
                .withCopy(CopySettings.DEFAULTS.withDeferIndexesFromRows(0));
        String alter = "ADD COLUMN `c` INT NULL, ADD INDEX `ix_v` (`v`, `n`)";
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", alter)), List.of());
        load.start();
        try (MigrationService first = MigrationService.connect(db.serverUrl(), options.withOwner("first"))) {
            long id = first.start(spec).id();
            CompletableFuture.runAsync(() -> first.runUntilStaged(id, Duration.ofMinutes(5)));
            MigrationRecord atCrash = waitForCopyProgress(first, id, ROWS * 2 / 5);
            first.crash(id);
            assertEquals("copying", first.status(id).state(), "a crash records nothing");
            MigrationRecord after = first.migrations(id).get(0);
            assertTrue(!after.copyDone() && after.rowsCopied() < ROWS, "crashed mid-copy: " + after);
            assertEquals(List.of(), db.query("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '"
                    + db.schema() + "' AND TABLE_NAME = '" + after.shadowTable() + "' AND INDEX_NAME = 'ix_v'"),
                    "the index is deferred during the copy");

            try (MigrationService second = MigrationService.connect(db.serverUrl(), options.withOwner("second"))) {
                ShadowbotException busy = assertThrows(ShadowbotException.class,
                        () -> second.resume(id, Duration.ofSeconds(30)));
                assertEquals(ErrorCode.CONFLICT, busy.code(), busy.getMessage());
                Thread.sleep(3_500); // the dead driver's lease expires
                DeployState staged = second.resume(id, Duration.ofMinutes(3));
                assertEquals("staged", staged.state());
                long readAfterResume = second.migrations(id).get(0).rowsCopied() - after.rowsCopied();
                assertTrue(readAfterResume < ROWS * 4 / 5, "resumed from the high-water key, not from zero: read "
                        + readAfterResume + " rows after resuming at " + after.rowsCopied() + " (first check " + atCrash.rowsCopied() + ")");

                second.crash(id);
            }
            Thread.sleep(3_500);
            try (MigrationService third = MigrationService.connect(db.serverUrl(), options.withOwner("third"))) {
                DeployState staged = third.resume(id, Duration.ofMinutes(2));
                assertEquals("staged", staged.state());
                Thread.sleep(300);
                load.stop();
                third.awaitCaughtUp(id, Duration.ofSeconds(60));
                String shadow = staged.tables().get(0).shadow();
                StagedMigrationIT.assertShadowEqualsLive(db, "orders", shadow, List.of("id"));
                StagedMigrationIT.assertIndexesAsPlanned(db, "orders", shadow, alter);
                assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
                assertEquals(List.of(), WriteLoad.differences(load.model(), load.read(shadow), 10), "shadow = model");
                third.cancel(id, Duration.ofSeconds(30));
            }
        } finally {
            load.close();
        }
    }

    private static MigrationRecord waitForCopyProgress(MigrationService s, long id, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            List<MigrationRecord> m = s.migrations(id);
            if (!m.isEmpty() && m.get(0).rowsCopied() >= rows) {
                return m.get(0);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("copy did not reach " + rows + " rows");
    }
}
