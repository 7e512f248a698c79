package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two deploys of one table at once (two processes, started together): exactly one is stored, the other
 * is refused with CONFLICT naming it, since each request claims its tables in the transaction that
 * creates it. The claim goes with the request's end: after a cancel the table can be deployed again.
 * Before, the preflight was a race and both index-only requests cut over.
 */
@RealDatabase
class OneRequestPerTableIT {

    @Test
    void twoDeploysAtOnceOneIsRefusedNamingTheOther(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 2, 10_000);
        load.seed(300, 20);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (MigrationService a = MigrationService.connect(db.serverUrl(), MigrationOptions.defaults().withOwner("a"));
             MigrationService b = MigrationService.connect(db.serverUrl(), MigrationOptions.defaults().withOwner("b"))) {
            load.start();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> starts = new ArrayList<>();
            for (MigrationService s : List.of(a, b)) {
                String index = s == a ? "ix_a" : "ix_b";
                Callable<Long> start = () -> {
                    go.await();
                    return s.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD INDEX `" + index + "` (`n`)")),
                            List.of())).id();
                };
                starts.add(pool.submit(start));
            }
            go.countDown();
            List<Long> stored = new ArrayList<>();
            List<ShadowbotException> refused = new ArrayList<>();
            for (Future<Long> f : starts) {
                try {
                    stored.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    refused.add((ShadowbotException) e.getCause());
                }
            }
            assertEquals(1, stored.size(), "exactly one request is stored: " + refused);
            long winner = stored.get(0);
            assertEquals(ErrorCode.CONFLICT, refused.get(0).code());
            assertTrue(refused.get(0).getMessage().contains("open deploy request " + winner), refused.get(0).getMessage());
            MigrationService owner = a; // either process can drive the stored request
            assertEquals("staged", owner.runUntilStaged(winner, Duration.ofMinutes(1)).state());
            ShadowbotException again = assertThrows(ShadowbotException.class, () -> b.start(new DeploySpec(db.schema(),
                    List.of(new TableSpec("t", "ADD COLUMN `c` INT NULL")), List.of())));
            // Refused before the store by the shadow preflight, which sees the staged request's shadow.
            assertTrue(again.getMessage().contains("t_shadowbot_" + winner + "_new"), again.getMessage());
            assertEquals("staged", owner.status(winner).state());
            assertEquals("cancelled", owner.cancel(winner, Duration.ofSeconds(30)).state());
            long next = b.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN `c` INT NULL")),
                    List.of())).id();
            assertEquals("staged", b.runUntilStaged(next, Duration.ofMinutes(1)).state());
            b.cancel(next, Duration.ofSeconds(30));
            load.stop();
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("t"), 10), load.toString());
        } finally {
            pool.shutdownNow();
            load.close();
        }
    }
}
