package dev.shadowbot.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Database connections of a running migration killed from another session ({@code KILL <id>}), with
 * writers running: the copy connection in the middle of a chunk, the binlog client's connection (the
 * server's Binlog Dump thread) while staged, and the cutover's renamer and lock holder. Each time the
 * migration reconnects and finishes, or fails with a clear reason; the tables are never half-swapped
 * and the final tables equal the writers' model row for row.
 */
@RealDatabase
class ConnectionKillIT {
    static final String TABLE = "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " extra INT NOT NULL DEFAULT 1, PRIMARY KEY (id))";
    private static final int ROWS = 30_000;

    @Test
    void theCopyConnectionKilledMidChunk(TestDb db) throws Exception {
        db.exec(TABLE);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2, ROWS * 10L);
        load.seed(ROWS, 10);
        MigrationOptions options = MigrationOptions.defaults().withChunks(Duration.ofMillis(10), 100).withLeaseSeconds(3);
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
        load.start();
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options);
             Connection killer = db.connect()) {
            long id = service.start(spec).id();
            CompletableFuture<DeployState> run = CompletableFuture.supplyAsync(() -> service.runUntilStaged(id, Duration.ofMinutes(3)));
            Faults.Seen chunk = Faults.await(killer, "DB = " + Faults.quote(db.schema()) + " AND INFO LIKE 'INSERT IGNORE INTO%'",
                    60_000).orElseThrow(() -> new AssertionError("no copy chunk seen"));
            Faults.kill(killer, chunk.id());
            java.util.concurrent.ExecutionException died = assertThrows(java.util.concurrent.ExecutionException.class,
                    run::get, "the driver notices its dead connection");
            ShadowbotException e = (ShadowbotException) died.getCause();
            assertEquals(ErrorCode.DATABASE, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("lost its database connection while copying"), e.getMessage());
            assertTrue(e.nextStep().contains("shadowbot resume --id " + id), e.nextStep());
            assertEquals("copying", service.status(id).state(), "not failed: resumable from the checkpoint");
            assertTrue(service.status(id).error().contains("lost its database connection"), "the reason is stored");

            DeployState staged = service.resume(id, Duration.ofMinutes(3));
            assertEquals("staged", staged.state());
            Thread.sleep(300);
            load.stop();
            service.awaitCaughtUp(id, Duration.ofSeconds(60));
            String shadow = staged.tables().get(0).shadow();
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read(shadow), 10), "shadow = acknowledged writes");
            Faults.record("connection-kill: copy connection KILLed mid-chunk (" + chunk.info().substring(0, 20)
                    + "…) -> resumable, resumed to staged; rows_compared=" + load.model().size() * 2);
            service.cancel(id, Duration.ofSeconds(30));
        } finally {
            load.close();
        }
    }

    @Test
    void theBinlogClientsConnectionKilledWhileStaged(TestDb db) throws Exception {
        db.exec(TABLE);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 3, 100_000);
        load.seed(3000, 30);
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
        load.start();
        try (MigrationService service = MigrationService.connect(db.serverUrl());
             Connection killer = db.connect()) {
            long maxBefore = Long.parseLong(db.scalar("SELECT COALESCE(MAX(ID), 0) FROM information_schema.PROCESSLIST"));
            long id = service.start(spec).id();
            DeployState staged = service.runUntilStaged(id, Duration.ofMinutes(2));
            assertEquals("staged", staged.state());
            String dump = "COMMAND LIKE 'Binlog Dump%' AND ID > " + maxBefore;
            int kills = 0;
            long last = -1;
            for (int i = 0; i < 3; i++) { // three times: each reconnect resets the stream's restart budget
                int killed = kills;
                Faults.Seen stream = Faults.await(killer, dump + " AND ID > " + last, 30_000)
                        .orElseThrow(() -> new AssertionError("no Binlog Dump thread of this migration (killed " + killed + ")"));
                Thread.sleep(500); // writes flow through the stream meanwhile
                Faults.kill(killer, stream.id());
                kills++;
                last = stream.id();
            }
            Faults.await(killer, dump + " AND ID > " + last, 30_000)
                    .orElseThrow(() -> new AssertionError("the stream did not reconnect after the last KILL"));
            Thread.sleep(500);
            load.stop();
            service.awaitCaughtUp(id, Duration.ofSeconds(60));
            assertEquals("staged", service.status(id).state());
            String shadow = staged.tables().get(0).shadow();
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read(shadow), 10), "shadow = acknowledged writes");
            Faults.record("connection-kill: Binlog Dump thread KILLed " + kills + "x while staged -> reconnected from the"
                    + " checkpoint; rows_compared=" + load.model().size() * 2);
            service.cancel(id, Duration.ofSeconds(30));
        } finally {
            load.close();
        }
    }
}
