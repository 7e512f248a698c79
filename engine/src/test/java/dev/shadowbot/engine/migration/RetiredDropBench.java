package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Not a test: the measuring harness for the drop of a retired table (bench/retired-drop.sh, bench/RESULTS.md).
 * Runs only with {@code SHADOWBOT_DROP_BENCH=<rows>} set. For each {@link RetiredDrop} way it fills a table
 * of that many rows (~120 bytes each), runs 4 client threads writing ~300 autocommit writes/s in total to
 * another table, then drops the table the way {@link OldTableDrop} does, printing one {@code DROP …} line:
 * how long the drop took, the clients' p99 in the 2 s before it (the load alone) and during it, the longest
 * client write that overlapped it, and the binlog bytes the drop wrote. Asserts only that no client write
 * failed; timings are printed, never asserted. {@code SHADOWBOT_DROP_BENCH_WAYS=drop} measures one way only.
 */
@RealDatabase
@EnabledIfEnvironmentVariable(named = "SHADOWBOT_DROP_BENCH", matches = "[0-9]+")
class RetiredDropBench {
    private static final int WRITERS = 4;
    private static final int PER_WRITER_PER_SECOND = 75;

    private record Write(long start, long nanos) {
    }

    @Test
    void measuresTheClientStallOfEachWayOfDroppingARetiredTable(TestDb db) throws Exception {
        int rows = Integer.parseInt(System.getenv("SHADOWBOT_DROP_BENCH"));
        db.exec("CREATE TABLE w (id INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL)");
        String only = System.getenv("SHADOWBOT_DROP_BENCH_WAYS"); // e.g. "drop": skip the other way (10M rows)
        for (RetiredDrop way : RetiredDrop.values()) {
            if (only != null && !only.contains(way.cliName())) {
                continue;
            }
            String table = "r_" + way.name().toLowerCase(Locale.ROOT);
            fill(db, table, rows);
            try (Clients clients = new Clients(db)) {
                Thread.sleep(2000);
                long binlogBefore = binlogBytes(db);
                long start = System.nanoTime();
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    OldTableDrop.dropWith(st, way, "`" + db.schema() + "`.`" + table + "`", () -> { });
                }
                long end = System.nanoTime();
                long binlog = binlogBytes(db) - binlogBefore;
                Thread.sleep(500);
                clients.stopAll();
                assertEquals(0, clients.failed.get(), "no client write failed");
                long maxOverlap = 0;
                List<Long> before = new ArrayList<>();
                List<Long> during = new ArrayList<>();
                for (Write w : clients.writes) {
                    long wEnd = w.start + w.nanos;
                    if (w.start < end && wEnd > start) {
                        maxOverlap = Math.max(maxOverlap, w.nanos);
                        during.add(w.nanos);
                    } else if (w.start >= start - 2_000_000_000L && wEnd <= start) {
                        before.add(w.nanos);
                    }
                }
                System.out.printf(Locale.ROOT, "DROP way=%s rows=%d drop_ms=%d p99_before_ms=%.1f p99_during_ms=%.1f"
                                + " max_stall_ms=%.1f writes_during=%d binlog_mb=%.1f%n", way.name().toLowerCase(Locale.ROOT),
                        rows, (end - start) / 1_000_000, p99(before), p99(during), maxOverlap / 1e6, during.size(),
                        binlog / 1e6);
            }
        }
    }

    private static void fill(TestDb db, String table, int rows) throws Exception {
        db.exec("CREATE TABLE `" + table + "` (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(100) NOT NULL, n INT NOT NULL)",
                "INSERT INTO `" + table + "` VALUES (1, REPEAT('x', 100), 1)");
        for (long have = 1; have < rows; have *= 2) {
            db.exec("INSERT INTO `" + table + "` SELECT id + " + have + ", v, n FROM `" + table + "` WHERE id + " + have
                    + " <= " + rows);
        }
    }

    /** Sum of the server's binlog file sizes. */
    private static long binlogBytes(TestDb db) throws Exception {
        long sum = 0;
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                sum += rs.getLong(2);
            }
        }
        return sum;
    }

    private static double p99(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return 0;
        }
        List<Long> s = new ArrayList<>(nanos);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1)) / 1e6;
    }

    /** Client threads writing paced autocommit updates to table w. */
    private static final class Clients implements AutoCloseable {
        final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
        final AtomicInteger failed = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Clients(TestDb db) {
            for (int i = 0; i < WRITERS; i++) {
                int writer = i;
                Thread t = new Thread(() -> run(db, writer), "drop-bench-client-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        private void run(TestDb db, int writer) {
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO w (id, n) VALUES (?, 1) ON DUPLICATE KEY UPDATE n = n + 1")) {
                long next = System.nanoTime();
                long k = 0;
                while (!stop.get()) {
                    ps.setInt(1, (int) (writer * 1000 + (k++ % 1000)));
                    long s = System.nanoTime();
                    try {
                        ps.executeUpdate();
                        writes.add(new Write(s, System.nanoTime() - s));
                    } catch (java.sql.SQLException e) {
                        failed.incrementAndGet();
                    }
                    next += 1_000_000_000L / PER_WRITER_PER_SECOND;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }

        void stopAll() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopAll();
        }
    }
}
