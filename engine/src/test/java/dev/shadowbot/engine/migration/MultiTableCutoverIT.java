package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Three tables changed in one deploy request, writers on all three through the cutover and, with a
 * second set of writers, through the revert: both swaps are one atomic RENAME whose locks are released
 * table by table in the RENAME's lock order (SentryCutover.attemptStaged). After the cutover the new
 * tables hold every acknowledged write; after the revert the old tables hold every acknowledged write of
 * both phases; no client saw an error. Stock MariaDB (no lock plugin) probes each name instead; a MySQL
 * that cannot show who holds metadata locks refuses the multi-table cutover with the fix and stays staged.
 */
@RealDatabase
class MultiTableCutoverIT {
    private static final long KEYS = 100_000;
    private static final long SECOND = 1_000_000;

    /** Table, writers' key columns, CREATE, change. Names chosen so a retired name sorts between lives. */
    private record T(String name, List<String> keys, String create, String change) {
    }

    private static final List<T> TABLES = List.of(
            new T("a", List.of("id"), MigrationScenario.BASE, "ADD COLUMN `c` INT NULL, DROP COLUMN `extra`"),
            new T("a_b", List.of("a", "b"), MigrationScenario.COMPOSITE, "MODIFY COLUMN `n` BIGINT NULL"),
            new T("Zed", List.of("id"), MigrationScenario.BASE, "ADD INDEX `ix_n` (`n`)"));

    @org.junit.jupiter.api.RepeatedTest(3)
    void cutsOverAndRevertsThreeTablesAtomicallyUnderWriteLoad(TestDb db) throws Exception {
        Assumptions.assumeTrue(enableLockView(db), "this server cannot show granted metadata locks "
                + "(MariaDB without the metadata_lock_info plugin file); the probing path is tested below");
        cutOverAndRevertUnderWriteLoad(db);
    }

    /**
     * MariaDB as installed (no metadata_lock_info plugin): the cutover asks each name with a non-waiting
     * probe instead of reading the lock table, with the same guarantee (the reader parks the RENAME between
     * the tables here too).
     */
    @org.junit.jupiter.api.RepeatedTest(2)
    void cutsOverAndRevertsThreeTablesOnAStockMariaDbWithoutTheLockPlugin(TestDb db) throws Exception {
        Assumptions.assumeTrue(db.info().isMariaDb(), "MySQL shows metadata locks in performance_schema");
        boolean wasOn = disableLockView(db);
        try {
            cutOverAndRevertUnderWriteLoad(db);
        } finally {
            if (wasOn) {
                enableLockView(db);
            }
        }
    }

    private void cutOverAndRevertUnderWriteLoad(TestDb db) throws Exception {
        for (T t : TABLES) {
            db.exec(String.format(t.create(), "`" + t.name() + "`"));
        }
        List<WriteLoad> first = loads(db, 0);
        List<WriteLoad> second = loads(db, SECOND);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            for (WriteLoad l : first) {
                l.seed(1000, 40);
                l.start();
            }
            long id = service.start(new DeploySpec(db.schema(), TABLES.stream()
                    .map(t -> new TableSpec(t.name(), t.change())).toList(), List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            Thread.sleep(300);
            List<Long> refused = refused(first);
            // A reader of a shadow that sorts between the tables makes the RENAME stop between them: a
            // cutover that released `a` before the RENAME holds that name would let writes into the old `a`.
            Thread reader = holdReadLock(db, ShadowNames.shadow(id, "Zed"), 1500);
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            reader.join();
            Thread.sleep(300);
            for (WriteLoad l : first) {
                l.stop();
            }
            assertEquals(refused, refused(first), "no client errors during the cutover");
            for (int i = 0; i < TABLES.size(); i++) {
                assertEquals(List.of(), WriteLoad.differences(first.get(i).model(),
                        range(first.get(i).read(TABLES.get(i).name()), 0, KEYS), 10),
                        "every acknowledged write is in the new " + TABLES.get(i).name() + ": " + first.get(i));
                assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, TABLES.get(i).name())));
            }
            assertEquals(List.of(List.of("c")), RevertIT.columnsNotIn(db, "a", List.of("id", "v", "n")));
            assertEquals("bigint", db.scalar("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + db.schema() + "' AND TABLE_NAME = 'a_b' AND COLUMN_NAME = 'n'"));

            for (WriteLoad l : second) {
                l.start();
            }
            Thread.sleep(1000); // writes during the window
            List<Long> refused2 = refused(second);
            reader = holdReadLock(db, ShadowNames.retired(id, "Zed").orElseThrow(), 1500);
            assertEquals("reverted", service.revert(id, Duration.ofMinutes(1)).state());
            service.awaitDriverEnd(id, Duration.ofMinutes(2)); // the retired new tables are dropped after `reverted`
            reader.join();
            Thread.sleep(300);
            for (WriteLoad l : second) {
                l.stop();
            }
            assertEquals(refused2, refused(second), "no client errors during the revert");
            DeployState done = service.status(id);
            System.out.println("[measured] 3-table cutover lock_ms=" + done.cutoverLockMillis() + " revert lock_ms="
                    + done.revertLockMillis() + " (a reader parked each RENAME for up to 1.5 s)");
            for (int i = 0; i < TABLES.size(); i++) {
                Map<Long, WriteLoad.Row> rows = second.get(i).read(TABLES.get(i).name());
                assertEquals(List.of(), WriteLoad.differences(first.get(i).model(), range(rows, 0, KEYS), 10),
                        "the first phase's writes are in the old " + TABLES.get(i).name());
                assertEquals(List.of(), WriteLoad.differences(second.get(i).model(), range(rows, SECOND, SECOND + KEYS), 10),
                        "every acknowledged write of the window is in the old " + TABLES.get(i).name() + ": "
                                + second.get(i));
                assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.retired(id, TABLES.get(i).name()).orElseThrow()));
                assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.reverted(id, TABLES.get(i).name()).orElseThrow()));
            }
            assertEquals(List.of(List.of("extra")), RevertIT.columnsNotIn(db, "a", List.of("id", "v", "n")),
                    "old definition of a live");
            assertEquals("int", db.scalar("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + db.schema() + "' AND TABLE_NAME = 'a_b' AND COLUMN_NAME = 'n'"), "old definition of a_b live");
        } finally {
            first.forEach(WriteLoad::close);
            second.forEach(WriteLoad::close);
        }
    }

    @Test
    void aKilledTableLockerMidCutoverSwapsNothingAndTheRetryLosesNoWrite(TestDb db) throws Exception {
        Assumptions.assumeTrue(enableLockView(db), "this server cannot show granted metadata locks");
        for (T t : TABLES) {
            db.exec(String.format(t.create(), "`" + t.name() + "`"));
        }
        List<WriteLoad> load = loads(db, 0);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            for (WriteLoad l : load) {
                l.seed(1000, 40);
                l.start();
            }
            long id = service.start(new DeploySpec(db.schema(), TABLES.stream()
                    .map(t -> new TableSpec(t.name(), t.change())).toList(), List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            List<Long> refused = refused(load);
            // Park the RENAME between `Zed` and `a`, then kill the connection that locks `a`: its lock goes,
            // writes run into the still-live old `a`, and its sentry must make this attempt swap nothing.
            Thread reader = holdReadLock(db, ShadowNames.shadow(id, "Zed"), 3000);
            java.util.concurrent.CompletableFuture<DeployState> cutover = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> service.cutover(id, Duration.ofMinutes(1)));
            long locker = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (locker < 0 && System.nanoTime() < deadline && !cutover.isDone()) {
                List<List<String>> rows = db.query(lockerOfSql(db, "a"));
                boolean renameParked = !db.query("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE "
                        + "'RENAME TABLE%' AND STATE LIKE '%metadata lock%'").isEmpty();
                if (!rows.isEmpty() && renameParked) {
                    locker = Long.parseLong(rows.get(0).get(0));
                }
                Thread.sleep(5);
            }
            assertTrue(locker > 0, "found the connection locking `a` while the RENAME waits");
            db.exec("KILL " + locker);
            reader.join();
            assertEquals("reverse_syncing", cutover.get(2, java.util.concurrent.TimeUnit.MINUTES).state(),
                    "a later attempt swapped");
            Thread.sleep(300);
            for (WriteLoad l : load) {
                l.stop();
            }
            assertEquals(refused, refused(load), "no client errors");
            for (int i = 0; i < TABLES.size(); i++) {
                assertEquals(List.of(), WriteLoad.differences(load.get(i).model(),
                        range(load.get(i).read(TABLES.get(i).name()), 0, KEYS), 10),
                        "every acknowledged write is in the new " + TABLES.get(i).name() + ": " + load.get(i));
                assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, TABLES.get(i).name())));
            }
            assertEquals(List.of(List.of("c")), RevertIT.columnsNotIn(db, "a", List.of("id", "v", "n")));
            service.skipRevert(id, Duration.ofMinutes(1));
        } finally {
            load.forEach(WriteLoad::close);
        }
    }

    @Test
    void aSingleTableCutoverWaitsUntilTheRenameHoldsTheShadowAReaderHeld(TestDb db) throws Exception {
        // A reader on the shadow during a single-table cutover: with the shadow named `_shadowbot_<id>_b`
        // (before `b`) the RENAME first waited there and "B is waiting" alone released `b` too early. The
        // shadow is now `b_shadowbot_<id>_new` (after `b`); this keeps the case covered with the lock view on
        // (ShadowReaderCutoverIT covers it on any server).
        Assumptions.assumeTrue(enableLockView(db), "this server cannot show granted metadata locks");
        db.exec(String.format(MigrationScenario.COMPOSITE, "`b`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "b", List.of("a", "b")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("b", "MODIFY COLUMN `n` BIGINT NULL")),
                    List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            long refused = load.refused();
            Thread reader = holdReadLock(db, ShadowNames.shadow(id, "b"), 1500);
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            reader.join();
            Thread.sleep(300);
            load.stop();
            assertEquals(refused, load.refused(), "no client errors");
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("b"), 10), load.toString());
        } finally {
            load.close();
        }
    }

    @Test
    void aDriverKilledDuringTheWindowResumesBothReverseStreamsAndTheRevertKeepsEveryWrite(TestDb db) throws Exception {
        Assumptions.assumeTrue(canSwapSeveral(db), "a MySQL without the metadata lock instrument");
        List<T> two = TABLES.subList(0, 2);
        for (T t : two) {
            db.exec(String.format(t.create(), "`" + t.name() + "`"));
        }
        List<WriteLoad> load = new ArrayList<>();
        for (T t : two) {
            load.add(new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), t.name(), t.keys()), 2, 0, KEYS));
        }
        MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(3);
        try {
            for (WriteLoad l : load) {
                l.seed(1000, 40);
                l.start();
            }
            long id;
            try (MigrationService first = MigrationService.connect(db.serverUrl(), options.withOwner("first"))) {
                id = first.start(new DeploySpec(db.schema(), two.stream().map(t -> new TableSpec(t.name(), t.change()))
                        .toList(), List.of())).id();
                first.runUntilStaged(id, Duration.ofMinutes(2));
                assertEquals("reverse_syncing", first.cutover(id, Duration.ofMinutes(1)).state());
                Thread.sleep(1000);
                first.crash(id);
            }
            Thread.sleep(1500); // writes the old tables do not get while no driver runs
            try (MigrationService second = MigrationService.connect(db.serverUrl(), options.withOwner("second"))) {
                Thread.sleep(2000); // the dead driver's lease expires; revert resumes from the checkpoint
                DeployState reverted = second.revert(id, Duration.ofMinutes(1));
                assertEquals("reverted", reverted.state());
                System.out.println("[measured] 2-table cutover lock_ms=" + reverted.cutoverLockMillis()
                        + " revert lock_ms=" + reverted.revertLockMillis() + " (no reader)");
            }
            Thread.sleep(300);
            for (WriteLoad l : load) {
                l.stop();
            }
            for (int i = 0; i < two.size(); i++) {
                assertEquals(List.of(), WriteLoad.differences(load.get(i).model(), load.get(i).read(two.get(i).name()), 10),
                        "every acknowledged write is in the old " + two.get(i).name() + ": " + load.get(i));
            }
            assertEquals(List.of(List.of("extra")), RevertIT.columnsNotIn(db, "a", List.of("id", "v", "n")));
        } finally {
            load.forEach(WriteLoad::close);
        }
    }

    /** The connection holding LOCK TABLES … WRITE on {@code table}. */
    private static String lockerOfSql(TestDb db, String table) {
        if (db.info().isMariaDb()) {
            return "SELECT THREAD_ID FROM information_schema.METADATA_LOCK_INFO WHERE TABLE_SCHEMA = '" + db.schema()
                    + "' AND TABLE_NAME = '" + table + "' AND LOCK_MODE = 'MDL_SHARED_NO_READ_WRITE'";
        }
        return "SELECT t.PROCESSLIST_ID FROM performance_schema.metadata_locks ml JOIN performance_schema.threads t"
                + " ON t.THREAD_ID = ml.OWNER_THREAD_ID WHERE ml.OBJECT_SCHEMA = '" + db.schema() + "' AND ml.OBJECT_NAME = '"
                + table + "' AND ml.LOCK_TYPE = 'SHARED_NO_READ_WRITE' AND ml.LOCK_STATUS = 'GRANTED'";
    }

    @Test
    void refusesWithTheFixWhenTheServerCannotShowMetadataLocksAndStaysStaged(TestDb db) throws Exception {
        Assumptions.assumeFalse(db.info().isMariaDb(), "MariaDB without the lock plugin probes instead (tested above)");
        db.exec(String.format(MigrationScenario.BASE, "`a`"), String.format(MigrationScenario.COMPOSITE, "`b`"),
                "INSERT INTO a (id, v) VALUES (1, 'x')");
        DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("a", "ADD COLUMN `c` INT NULL"),
                new TableSpec("b", "MODIFY COLUMN `n` BIGINT NULL")), List.of());
        String fix = "wait/lock/metadata/sql/mdl";
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            boolean wasOn = disableLockView(db);
            try {
                // Checked in preflight: refused before anything is stored or copied.
                ShadowbotException early = assertThrows(ShadowbotException.class, () -> service.start(spec));
                assertTrue(early.getMessage().contains("performance_schema") && early.nextStep().contains(fix),
                        early.getMessage() + " / " + early.nextStep());
                assertEquals(List.of(), db.query("SHOW TABLES LIKE '%shadowbot%'"), "nothing created");
            } finally {
                if (wasOn) {
                    enableLockView(db);
                }
            }
            // Turned off after the start: the cutover refuses with the fix and stays staged.
            long id = service.start(spec).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            wasOn = disableLockView(db);
            try {
                ShadowbotException e = assertThrows(ShadowbotException.class,
                        () -> service.cutover(id, Duration.ofMinutes(1)));
                assertTrue(e.getMessage().contains(fix), e.getMessage());
                assertEquals("staged", service.status(id).state());
                assertTrue(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "a")), "nothing swapped");
                assertEquals(List.of(List.of("1", "x")), db.query("SELECT id, v FROM a"));
                service.cancel(id, Duration.ofSeconds(30));
            } finally {
                if (wasOn) {
                    enableLockView(db);
                }
            }
        }
    }

    private static final String PLUGIN_ACTIVE = "SELECT COUNT(*) FROM information_schema.PLUGINS "
            + "WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'";

    private static List<WriteLoad> loads(TestDb db, long base) {
        List<WriteLoad> out = new ArrayList<>();
        for (T t : TABLES) {
            out.add(new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), t.name(), t.keys()), 2, base, KEYS));
        }
        return out;
    }

    /**
     * Holds a shared metadata lock on {@code table} (an open transaction that read it) for {@code millis}
     * from a thread; returns once the lock is held.
     */
    private static Thread holdReadLock(TestDb db, String table, long millis) throws InterruptedException {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.executeQuery("SELECT COUNT(*) FROM `" + table + "`").close();
                held.countDown();
                Thread.sleep(millis);
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                held.countDown();
            }
        }, "read-lock-" + table);
        t.start();
        held.await();
        return t;
    }

    private static List<Long> refused(List<WriteLoad> loads) {
        return loads.stream().map(WriteLoad::refused).toList();
    }

    private static Map<Long, WriteLoad.Row> range(Map<Long, WriteLoad.Row> rows, long from, long to) {
        Map<Long, WriteLoad.Row> out = new TreeMap<>();
        rows.forEach((k, v) -> {
            if (k >= from && k < to) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * True when this server can swap several tables in one cutover: with the lock view (enabled here when
     * it can be), or on any MariaDB through the probe.
     */
    static boolean canSwapSeveral(TestDb db) {
        return enableLockView(db) || db.info().isMariaDb();
    }

    /** Makes granted metadata locks visible; false when this server cannot (no plugin file). */
    static boolean enableLockView(TestDb db) {
        try {
            if (db.info().isMariaDb()) {
                if ("0".equals(db.scalar(PLUGIN_ACTIVE))) {
                    db.exec("INSTALL SONAME 'metadata_lock_info'");
                }
            } else {
                db.exec("UPDATE performance_schema.setup_instruments SET ENABLED = 'YES' "
                        + "WHERE NAME = 'wait/lock/metadata/sql/mdl'");
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Hides granted metadata locks; returns whether they were visible before. */
    private static boolean disableLockView(TestDb db) {
        if (db.info().isMariaDb()) {
            boolean on = !"0".equals(db.scalar(PLUGIN_ACTIVE));
            if (on) {
                db.exec("UNINSTALL SONAME 'metadata_lock_info'");
            }
            return on;
        }
        db.exec("UPDATE performance_schema.setup_instruments SET ENABLED = 'NO' WHERE NAME = 'wait/lock/metadata/sql/mdl'");
        return true;
    }
}
