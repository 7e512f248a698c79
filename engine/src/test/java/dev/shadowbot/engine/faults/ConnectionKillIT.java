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
import dev.shadowbot.engine.cutover.CutoverOptions;
import java.sql.Connection;
import java.sql.Statement;
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
            Faults.record("connection-kill: copy connection KILLed mid-chunk (" + chunk.info().substring(0, 18)
                    + " …) -> resumable, resumed to staged; rows_compared=" + load.model().size() * 2);
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

    /**
     * The renamer (the connection whose RENAME waits behind the lock) is KILLed as soon as it is seen
     * waiting, on every attempt until one kill has landed: that attempt fails, the sentries go, and a
     * later attempt swaps. Never half-swapped; every acknowledged write is in the new table.
     */
    @Test
    void theRenamerKilledMidCutover(TestDb db) throws Exception {
        cutoverWithAKiller(db, "renamer", (killer, schema) -> Faults.await(killer, "DB = " + Faults.quote(schema)
                + " AND INFO LIKE 'RENAME TABLE%'", 2_000).map(Faults.Seen::id));
    }

    /**
     * The locking connection is KILLed while its LOCK TABLES waits behind a long transaction (its
     * sentry already created): the attempt fails, the sentry is removed from a fresh connection, the
     * transaction ends, and the retry swaps.
     */
    @Test
    void theLockHolderKilledMidCutover(TestDb db) throws Exception {
        db.exec(TABLE);
        db.exec("INSERT INTO orders (id, v) VALUES (900000000, 'held')");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 3, 100_000);
        load.seed(3000, 30);
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
        MigrationOptions options = MigrationOptions.defaults()
                .withCutover(new CutoverOptions(Duration.ofSeconds(3), 5, Duration.ofMillis(300), Duration.ofSeconds(5)));
        load.start();
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options);
             Connection killer = db.connect(); Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
            long id = service.start(spec).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            blocker.setAutoCommit(false);
            st.execute("UPDATE orders SET v = 'still held' WHERE id = 900000000"); // a long transaction on the table
            CompletableFuture<DeployState> cut = CompletableFuture.supplyAsync(() -> service.cutover(id, Duration.ofMinutes(1)));
            Faults.Seen locker = Faults.await(killer, "DB = " + Faults.quote(db.schema()) + " AND INFO LIKE 'LOCK TABLES%'",
                    20_000).orElseThrow(() -> new AssertionError("the cutover's LOCK TABLES was never seen"));
            assertEquals(List.of(List.of(SENTRY)), db.query("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE"
                    + " TABLE_SCHEMA = '" + db.schema() + "' AND TABLE_NAME = 'orders_shadowbot_" + id + "_old'"),
                    "killed mid-cutover: its sentry is in place");
            Faults.kill(killer, locker.id());
            blocker.rollback();
            assertEquals("reverse_syncing", cut.get().state(), "a later attempt swapped");
            Thread.sleep(300);
            load.stop();
            assertSwappedAndEqual(db, id, load);
            Faults.record("connection-kill: cutover lock holder KILLed while locking (sentry in place) -> retried and"
                    + " swapped; rows_compared=" + load.model().size());
        } finally {
            load.close();
        }
    }

    private static final String SENTRY = "shadowbot cutover sentry: safe to drop when no cutover is running";

    @FunctionalInterface
    interface Victim {
        java.util.Optional<Long> find(Connection killer, String schema) throws Exception;
    }

    private static void cutoverWithAKiller(TestDb db, String what, Victim victim) throws Exception {
        db.exec(TABLE);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 3, 100_000);
        load.seed(3000, 30);
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
        MigrationOptions options = MigrationOptions.defaults()
                .withCutover(new CutoverOptions(Duration.ofSeconds(2), 8, Duration.ofMillis(200), Duration.ofSeconds(5)));
        load.start();
        java.util.concurrent.atomic.AtomicInteger kills = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean cutting = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options);
             Connection killer = db.connect()) {
            long id = service.start(spec).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            CompletableFuture<Void> hunter = CompletableFuture.runAsync(() -> {
                try {
                    while (cutting.get() && kills.get() == 0) {
                        java.util.Optional<Long> v = victim.find(killer, db.schema());
                        if (v.isPresent()) {
                            Faults.kill(killer, v.get());
                            kills.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            DeployState after;
            try {
                after = service.cutover(id, Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                System.out.println("[faults] tables: " + db.query("SELECT TABLE_NAME, TABLE_ROWS, TABLE_COMMENT FROM"
                        + " information_schema.TABLES WHERE TABLE_SCHEMA = '" + db.schema() + "'") + " cols: "
                        + db.query("SELECT TABLE_NAME, GROUP_CONCAT(COLUMN_NAME) FROM information_schema.COLUMNS WHERE"
                        + " TABLE_SCHEMA = '" + db.schema() + "' GROUP BY TABLE_NAME") + " state " + service.status(id));
                throw e;
            } finally {
                cutting.set(false);
                hunter.get();
            }
            assertEquals("reverse_syncing", after.state());
            Thread.sleep(300);
            load.stop();
            assertTrue(kills.get() == 1, "the " + what + " was killed during the cutover");
            assertSwappedAndEqual(db, id, load);
            Faults.record("connection-kill: cutover " + what + " KILLed while the RENAME waited -> retried and swapped;"
                    + " rows_compared=" + load.model().size());
        } finally {
            load.close();
        }
    }

    private static void assertSwappedAndEqual(TestDb db, long id, WriteLoad load) throws Exception {
        assertEquals(List.of(List.of("c")), db.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + db.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'c'"), "the new definition is live");
        assertEquals(List.of(List.of("orders"), List.of("orders_shadowbot_" + id + "_old")),
                db.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db.schema()
                        + "' ORDER BY TABLE_NAME"), "no shadow or sentry left; the old table kept under its retired name");
        var live = load.read("orders");
        live.keySet().removeIf(k -> k >= 100_000);
        assertEquals(List.of(), WriteLoad.differences(load.model(), live, 10), load.toString());
    }
}
