package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Cancel from another process reaches the driver through the store; with no driver alive, cancel takes over. */
@RealDatabase
class CancelIT {

    @Test
    void cancelFromAnotherProcessStopsTheDriverAndDropsTheShadow(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"));
        new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 1, 1).seed(20_000, 1);
        MigrationOptions slow = MigrationOptions.defaults().withChunks(Duration.ofMillis(5), 50).withLeaseSeconds(2);
        try (MigrationService driver = MigrationService.connect(db.serverUrl(), slow.withOwner("driver"));
             MigrationService other = MigrationService.connect(db.serverUrl(), slow.withOwner("other"))) {
            long id = driver.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of())).id();
            CompletableFuture<DeployState> run = CompletableFuture.supplyAsync(() -> driver.runUntilStaged(id, Duration.ofMinutes(2)));
            while (driver.migrations(id).get(0).rowsCopied() == 0) {
                Thread.sleep(10);
            }
            DeployState cancelled = other.cancel(id, Duration.ofSeconds(30));
            assertEquals("cancelled", cancelled.state());
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "t")));
            run.get(); // the driver returns the (cancelled) state; it does not throw
            assertEquals("cancelled", driver.status(id).state());
            ShadowbotException again = assertThrows(ShadowbotException.class,
                    () -> driver.runUntilStaged(id, Duration.ofSeconds(5)));
            assertEquals(ErrorCode.CONFLICT, again.code());
        }
    }

    @Test
    void cancelWithNoLiveDriverTakesOverOnceTheLeaseExpires(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
        MigrationOptions opts = MigrationOptions.defaults().withLeaseSeconds(2);
        try (MigrationService first = MigrationService.connect(db.serverUrl(), opts.withOwner("first"));
             MigrationService later = MigrationService.connect(db.serverUrl(), opts.withOwner("later"))) {
            long id = first.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of())).id();
            assertEquals("staged", first.runUntilStaged(id, Duration.ofMinutes(1)).state());
            first.crash(id);
            assertEquals("cancelled", later.cancel(id, Duration.ofSeconds(30)).state());
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "t")));
        }
    }
}
