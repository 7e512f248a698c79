package dev.shadowbot.engine.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sentry-table swap against a real server. Triggers stand in for the change stream here (they
 * keep the replacement equal to live in the writers' own transactions), so these tests isolate the
 * locking protocol: no acknowledged write lost, no client error, never half a swap.
 */
@RealDatabase
@Timeout(120)
class SentryCutoverIT {
    private static final CutoverOptions FAST = new CutoverOptions(Duration.ofSeconds(1), 3, Duration.ofMillis(50),
            Duration.ofSeconds(5));

    private static void setUp(TestDb db, String live, String replacement) {
        db.exec("CREATE TABLE " + live + " (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, note VARCHAR(20))",
                "CREATE TABLE " + replacement + " (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, "
                        + "note VARCHAR(20), extra INT NOT NULL DEFAULT 7)",
                "INSERT INTO " + live + " (v, note) VALUES (1,'a'),(2,'b'),(3,'c')",
                "INSERT INTO " + replacement + " (id, v, note) SELECT id, v, note FROM " + live,
                "CREATE TRIGGER " + live + "_ai AFTER INSERT ON " + live + " FOR EACH ROW "
                        + "REPLACE INTO " + replacement + " (id, v, note) VALUES (NEW.id, NEW.v, NEW.note)",
                "CREATE TRIGGER " + live + "_au AFTER UPDATE ON " + live + " FOR EACH ROW "
                        + "REPLACE INTO " + replacement + " (id, v, note) VALUES (NEW.id, NEW.v, NEW.note)");
    }

    /** KILLs the connection {@code c} from another one (as a crash or an operator would). */
    private static void kill(TestDb db, Connection c) throws java.sql.SQLException {
        long id;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        try (Connection killer = db.connect(); Statement st = killer.createStatement()) {
            st.execute("KILL " + id);
        }
    }

    /** Writers that insert and update, recording what the server acknowledged. */
    static final class Writers implements AutoCloseable {
        final Map<Integer, Integer> acked = new ConcurrentHashMap<>();
        final AtomicInteger errors = new AtomicInteger();
        final List<String> errorText = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Writers(TestDb db, String table, int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> {
                    try (Connection c = db.connect()) {
                        PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " (v, note) VALUES (?, 'w')",
                                Statement.RETURN_GENERATED_KEYS);
                        PreparedStatement upd = c.prepareStatement("UPDATE " + table + " SET v = ? WHERE id = ?");
                        int k = 0;
                        List<Integer> mine = new ArrayList<>();
                        while (!stop.get()) {
                            try {
                                if (k % 3 == 2 && !mine.isEmpty()) {
                                    int id = mine.get(k % mine.size());
                                    int v = 1000 + k;
                                    upd.setInt(1, v);
                                    upd.setInt(2, id);
                                    upd.executeUpdate();
                                    acked.put(id, v);
                                } else {
                                    ins.setInt(1, k);
                                    ins.executeUpdate();
                                    try (ResultSet rs = ins.getGeneratedKeys()) {
                                        rs.next();
                                        int id = rs.getInt(1);
                                        mine.add(id);
                                        acked.put(id, k);
                                    }
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                                errorText.add(e.getMessage());
                            }
                            k++;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        errorText.add(e.getMessage());
                    }
                }, "writer-" + i);
                threads.add(t);
                t.start();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    @Test
    void swapsUnderConcurrentWritesWithoutLosingOrFailingAWrite(TestDb db) throws Exception {
        setUp(db, "t", "_sb_t_new");
        Writers w = new Writers(db, "t", 4);
        Thread.sleep(500);
        CutoverResult r = new SentryCutover(db.url(), FAST, "test").swap(
                List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), lock -> { });
        Thread.sleep(500);
        w.close();

        assertEquals(0, w.errors.get(), "client errors: " + w.errorText);
        assertEquals(1, r.attempts());
        assertEquals("7", db.scalar("SELECT extra FROM t ORDER BY id LIMIT 1"), "t is the new table");
        assertEquals("0", db.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = '_sb_t_new'"));
        assertFalse(db.query("SELECT 1 FROM t_sb_old LIMIT 1").isEmpty(), "old table kept");
        assertTrue(w.acked.size() > 10, "writers made progress: " + w.acked.size());
        Map<Integer, Integer> actual = new java.util.HashMap<>();
        for (List<String> row : db.query("SELECT id, v FROM t")) {
            actual.put(Integer.parseInt(row.get(0)), Integer.parseInt(row.get(1)));
        }
        for (Map.Entry<Integer, Integer> e : w.acked.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), "acknowledged write of id " + e.getKey());
        }
    }

    /** The engine of the sentry under the retired name, read while the cutover holds its lock. */
    private static String sentryEngineDuringTheSwap(TestDb db) {
        setUp(db, "t", "_sb_t_new");
        AtomicReference<String> engine = new AtomicReference<>();
        new SentryCutover(db.url(), FAST, "test").swap(List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")),
                lock -> engine.set(db.scalar("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                        + "DATABASE() AND TABLE_NAME = 't_sb_old'")));
        assertEquals("7", db.scalar("SELECT extra FROM t ORDER BY id LIMIT 1"), "t is the new table");
        assertEquals("3", db.scalar("SELECT COUNT(*) FROM t_sb_old"), "the old table, not the sentry, is kept");
        return engine.get();
    }

    /** MariaDB: MEMORY, whose DROP under the lock is cheaper. MySQL: InnoDB (see SentryCutover#sentryEngine). */
    @Test
    void theSentryIsAMemoryTableOnMariaDbAndInnoDbOnMySql(TestDb db) {
        assertEquals(db.info().isMariaDb() ? "MEMORY" : "InnoDB", sentryEngineDuringTheSwap(db));
    }

    /**
     * A server that refuses MEMORY tables gets an InnoDB sentry. MariaDB only: its
     * {@code enforce_storage_engine} can be set at run time (with NO_ENGINE_SUBSTITUTION, in its default
     * sql_mode, CREATE TABLE … ENGINE=MEMORY then fails); MySQL's {@code disabled_storage_engines} needs
     * a restart.
     */
    @Test
    void aServerThatRefusesMemoryTablesGetsAnInnoDbSentry(TestDb db) {
        org.junit.jupiter.api.Assumptions.assumeTrue(db.info().isMariaDb(), "MySQL cannot refuse MEMORY at run time");
        String mode = db.scalar("SELECT @@GLOBAL.sql_mode");
        db.exec("SET GLOBAL enforce_storage_engine = 'InnoDB'",
                "SET GLOBAL sql_mode = CONCAT_WS(',', NULLIF(@@GLOBAL.sql_mode, ''), 'NO_ENGINE_SUBSTITUTION')");
        try {
            assertEquals("InnoDB", sentryEngineDuringTheSwap(db));
        } finally {
            db.exec("SET GLOBAL enforce_storage_engine = NULL", "SET GLOBAL sql_mode = '" + mode + "'");
        }
    }

    @Test
    void unsafeSwapsAreRefusedBeforeAnythingIsTouched(TestDb db) {
        setUp(db, "a", "_sb_a_new");
        setUp(db, "b", "_sb_b_new");
        // A retired name that sorts before the live name: the RENAME would queue on the sentry.
        assertThrows(IllegalArgumentException.class, () -> new SentryCutover(db.url(), FAST, "test")
                .swap(List.of(new TableSwap("a", "_sb_a_new", "_sb_a_old")), lock -> { }));
        assertEquals("0", db.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                + "AND COLUMN_NAME = 'extra' AND TABLE_NAME IN ('a', 'b')"), "nothing swapped");
    }

    @Test
    void aKilledLockHolderNeverHalfSwapsAndTheRetrySucceeds(TestDb db) throws Exception {
        setUp(db, "t", "_sb_t_new");
        AtomicInteger drains = new AtomicInteger();
        AtomicReference<String> midState = new AtomicReference<>();
        UnderLock killFirst = lock -> {
            if (drains.incrementAndGet() == 1) {
                kill(db, lock);
            }
        };
        CutoverResult r = new SentryCutover(db.url(), FAST, "test").swap(
                List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), killFirst);
        assertEquals(2, r.attempts(), "the first attempt died with its lock holder");
        assertEquals("7", db.scalar("SELECT MIN(extra) FROM t"));
        assertEquals("3", db.scalar("SELECT COUNT(*) FROM t_sb_old"));
        midState.set("ok");
    }

    /**
     * The RENAME is issued right after the lock, so it queues while the stream drains. If the lock holder
     * dies then (drain unfinished), the RENAME gets the live table first and must fail on the sentry.
     */
    @Test
    void aLockHolderKilledWhileTheRenameIsQueuedMidDrainSwapsNothing(TestDb db) throws Exception {
        setUp(db, "t", "t_sb_new"); // extends the live name, like shadowbot's shadows
        AtomicInteger drains = new AtomicInteger();
        AtomicReference<String> afterKill = new AtomicReference<>("not reached");
        String renameWaiting = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'RENAME TABLE%'"
                + " AND STATE LIKE '%metadata lock%'";
        String renameRunning = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'RENAME TABLE%'";
        UnderLock killMidDrain = lock -> {
            if (drains.incrementAndGet() > 1) {
                return;
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!"1".equals(db.scalar(renameWaiting))) {
                if (System.nanoTime() > deadline) {
                    afterKill.set("the RENAME never queued while the stream drained");
                    return;
                }
                Thread.sleep(5);
            }
            kill(db, lock);
            while (!"0".equals(db.scalar(renameRunning)) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            afterKill.set("extra columns in t: " + db.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE "
                    + "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'extra'"));
        };
        CutoverResult r = new SentryCutover(db.url(), FAST, "test").swap(
                List.of(new TableSwap("t", "t_sb_new", "t_sb_old")), killMidDrain);
        assertEquals("extra columns in t: 0", afterKill.get(), "the queued RENAME ran without the drain finishing");
        assertEquals(2, r.attempts(), "the first attempt died with its lock holder");
        assertEquals("7", db.scalar("SELECT MIN(extra) FROM t"));
        assertEquals("3", db.scalar("SELECT COUNT(*) FROM t_sb_old"));
    }

    @Test
    void whenEveryAttemptDiesNothingIsSwappedAndNoSentryIsLeft(TestDb db) throws Exception {
        setUp(db, "t", "_sb_t_new");
        UnderLock killAlways = lock -> {
            kill(db, lock);
        };
        ShadowbotException e = assertThrows(ShadowbotException.class, () -> new SentryCutover(db.url(), FAST, "test")
                .swap(List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), killAlways));
        assertEquals(ErrorCode.DATABASE, e.code());
        assertTrue(e.nextStep().contains("stays staged"), e.nextStep());
        assertIntact(db);
    }

    @Test
    void aLongTransactionMakesItGiveUpCleanlyThenItSucceedsOnceItCommits(TestDb db) throws Exception {
        setUp(db, "t", "_sb_t_new");
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.executeQuery("SELECT * FROM t WHERE id = 1 FOR UPDATE").close();
            }
            CutoverOptions twoTries = new CutoverOptions(Duration.ofSeconds(1), 2, Duration.ofMillis(50),
                    Duration.ofSeconds(5));
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> new SentryCutover(db.url(), twoTries,
                    "test").swap(List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), lock -> { }));
            assertTrue(e.getMessage().contains("gave up after 2 attempts"), e.getMessage());
            assertIntact(db);
            holder.commit();
        }
        CutoverResult r = new SentryCutover(db.url(), FAST, "test").swap(
                List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), lock -> { });
        assertEquals(1, r.attempts());
    }

    @Test
    void aRowLockHolderOpenLongerThanTheLockWaitMakesItBackOffWithoutLockingTheTable(TestDb db) throws Exception {
        setUp(db, "t", "_sb_t_new");
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.executeUpdate("UPDATE t SET id = id WHERE id = 1"); // a row lock, as an application holds one
            }
            Thread.sleep(1_500); // older than the 1 s lock wait
            long before = lockTablesCount(db);
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> new SentryCutover(db.url(), FAST,
                    "test").swap(List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), lock -> { }));
            long locks = lockTablesCount(db) - before;
            // Each attempt that locks queues every writer of t behind the holder for the lock wait. Where the
            // server shows who holds t, no attempt locks; where it does not, only the last one (bounded).
            assertTrue(locks <= 1, locks + " LOCK TABLES while a transaction held t: " + e.getMessage());
            assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
            assertIntact(db);
            holder.commit();
        }
        CutoverResult r = new SentryCutover(db.url(), FAST, "test").swap(
                List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), lock -> { });
        assertEquals(1, r.attempts(), "goes ahead at once when the transaction has ended");
    }

    @Test
    void aRealTableUnderTheRetiredNameIsNeverDropped(TestDb db) {
        setUp(db, "t", "_sb_t_new");
        db.exec("CREATE TABLE t_sb_old (precious INT)", "INSERT INTO t_sb_old VALUES (42)");
        assertThrows(ShadowbotException.class, () -> new SentryCutover(db.url(), FAST, "test")
                .swap(List.of(new TableSwap("t", "_sb_t_new", "t_sb_old")), lock -> { }));
        assertEquals("42", db.scalar("SELECT precious FROM t_sb_old"));
    }

    /** LOCK TABLES statements the server ran (every server of the fixture has the counter). */
    private static long lockTablesCount(TestDb db) {
        return Long.parseLong(db.query("SHOW GLOBAL STATUS LIKE 'Com_lock_tables'").get(0).get(1));
    }

    private static void assertIntact(TestDb db) {
        assertEquals("3", db.scalar("SELECT COUNT(*) FROM t"));
        assertTrue(db.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = 't' AND COLUMN_NAME = 'extra'").isEmpty(), "t still has the old structure");
        assertEquals("3", db.scalar("SELECT COUNT(*) FROM _sb_t_new"));
        assertEquals("0", db.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = 't_sb_old'"), "no sentry left behind");
    }
}
