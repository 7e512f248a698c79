package dev.shadowbot.engine.instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.cutover.CutoverOptions;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The instant cutover's edges under writers: a long transaction holding the table makes it back off (no
 * client error, cut over once the transaction ends); two tables change together and revert together with
 * every acknowledged write; {@code never} copies; skip-revert completes the request with the new table live.
 */
@RealDatabase
class InstantCutoverIT {
    private static final String T = "CREATE TABLE %s (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " PRIMARY KEY (id))";
    private static final long KEYS = 50_000;

    @Test
    void aLongTransactionMakesTheCutoverBackOffNotQueueEveryone(TestDb db) throws Exception {
        db.exec(String.format(T, "orders"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 3, KEYS);
        load.seed(500, 50);
        MigrationOptions options = MigrationOptions.defaults()
                .withCutover(new CutoverOptions(Duration.ofSeconds(1), 6, Duration.ofMillis(400), Duration.ofSeconds(5)));
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options);
             Connection holder = db.connect()) {
            long id = service.start(spec(db, "orders")).id();
            assertEquals("instant", service.runUntilStaged(id, Duration.ofMinutes(1)).path());
            load.start();
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.executeQuery("SELECT COUNT(*) FROM orders").close(); // holds the table's metadata lock
            }
            Thread.sleep(1500); // older than the lock wait
            CompletableFuture<DeployState> cut = CompletableFuture.supplyAsync(() -> service.cutover(id, Duration.ofMinutes(1)));
            Thread.sleep(2000); // the cutover backs off meanwhile: the writers go on
            long ackBefore = load.acknowledged();
            Thread.sleep(500);
            assertTrue(load.acknowledged() > ackBefore, "writers are not queued behind a waiting ALTER");
            holder.commit();
            DeployState window = cut.get();
            assertEquals("reverse_syncing", window.state(), String.valueOf(window.error()));
            Thread.sleep(300);
            load.stop();
            assertEquals(0, load.refused(), "no client saw a lock wait timeout");
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
        } finally {
            load.close();
        }
    }

    @Test
    void aTransactionThatNeverEndsMakesTheCutoverGiveUpWithNothingChanged(TestDb db) throws Exception {
        db.exec(String.format(T, "orders"), "INSERT INTO orders VALUES (1, 'a', 1)");
        MigrationOptions options = MigrationOptions.defaults()
                .withCutover(new CutoverOptions(Duration.ofSeconds(1), 3, Duration.ofMillis(200), Duration.ofSeconds(5)));
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options);
             Connection holder = db.connect()) {
            long id = service.start(spec(db, "orders")).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            String before = InstantDeployIT.showCreate(db);
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.executeQuery("SELECT COUNT(*) FROM orders").close();
            }
            Thread.sleep(1500);
            String error;
            try {
                error = String.valueOf(service.cutover(id, Duration.ofMinutes(1)).error());
            } catch (dev.shadowbot.engine.ShadowbotException e) {
                error = e.getMessage();
            }
            DeployState after = service.status(id);
            holder.rollback();
            assertEquals("staged", after.state());
            // The server shows the holder (MySQL): never queued behind it. It does not (MariaDB without
            // metadata_lock_info): the last attempt waited its 1 s lock wait.
            assertTrue(after.error().contains("long transaction") || after.error().contains("Lock wait timeout"),
                    after.error() + " / " + error);
            assertEquals(before, InstantDeployIT.showCreate(db), "nothing changed");
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state(), "once it ends, it cuts over");
        }
    }

    @Test
    void twoTablesChangeAndRevertTogether(TestDb db) throws Exception {
        db.exec(String.format(T, "a"), String.format(T, "b"));
        WriteLoad la = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "a", List.of("id")), 2, KEYS);
        WriteLoad lb = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "b", List.of("id")), 2, KEYS);
        la.seed(500, 50);
        lb.seed(500, 50);
        String a0 = InstantDeployIT.showCreate(db, "a");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            la.start();
            lb.start();
            DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("a", "ADD COLUMN `c` INT NULL"),
                    new TableSpec("b", "ADD COLUMN `d` INT NULL AFTER `id`")), List.of()).withInstant(InstantPolicy.AUTO);
            long id = service.start(spec).id();
            DeployState staged = service.runUntilStaged(id, Duration.ofMinutes(1));
            assertEquals("instant", staged.path(), String.join("\n", staged.pathNotes()));
            DeployState window = service.cutover(id, Duration.ofMinutes(1));
            assertEquals("reverse_syncing", window.state(), String.valueOf(window.error()));
            assertEquals("2", db.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND ((TABLE_NAME = 'a' AND COLUMN_NAME = 'c') OR (TABLE_NAME = 'b' AND COLUMN_NAME = 'd'))"),
                    "both tables changed");
            db.exec("UPDATE a SET c = 1 WHERE id < 100");
            Thread.sleep(600);
            DeployState reverted = service.revert(id, Duration.ofMinutes(1));
            assertEquals("reverted", reverted.state(), String.valueOf(reverted.error()));
            assertNotNull(reverted.revertLockMillis());
            Thread.sleep(200);
            la.stop();
            lb.stop();
            assertEquals(0, la.refused() + lb.refused());
            assertEquals(a0, InstantDeployIT.showCreate(db, "a"));
            assertEquals("0", db.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND COLUMN_NAME IN ('c', 'd')"), "both tables reverted");
            assertEquals(List.of(), WriteLoad.differences(la.model(), la.read("a"), 10), la.toString());
            assertEquals(List.of(), WriteLoad.differences(lb.model(), lb.read("b"), 10), lb.toString());
        } finally {
            la.close();
            lb.close();
        }
    }

    @Test
    void neverCopiesAndSkipRevertKeepsTheNewTable(TestDb db) throws Exception {
        db.exec(String.format(T, "t"), "INSERT INTO t VALUES (1, 'x', 1)");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            DeploySpec never = new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN `c` INT NULL")),
                    List.of()).withInstant(InstantPolicy.NEVER);
            long copied = service.start(never).id();
            DeployState staged = service.runUntilStaged(copied, Duration.ofMinutes(1));
            assertEquals("copy", staged.path());
            assertEquals(1, staged.tables().get(0).rowsCopied(), "copied through a shadow");
            service.cancel(copied, Duration.ofMinutes(1));

            long id = service.start(spec(db, "t")).id();
            service.runUntilStaged(id, Duration.ofMinutes(1));
            service.cutover(id, Duration.ofMinutes(1));
            DeployState done = service.skipRevert(id, Duration.ofMinutes(1));
            assertEquals("complete", done.state());
            assertEquals(List.of(java.util.Arrays.asList("1", "x", "1", null)), db.query("SELECT * FROM t"));
        }
    }

    private static DeploySpec spec(TestDb db, String table) {
        return new DeploySpec(db.schema(), List.of(new TableSpec(table, "ADD COLUMN `c` INT NULL")), List.of())
                .withInstant(InstantPolicy.AUTO);
    }
}
