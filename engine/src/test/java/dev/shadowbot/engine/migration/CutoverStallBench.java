package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Not a test: the measuring harness for the cutover's client stall (docs/cutover.md, "Client stall").
 * Runs only with {@code SHADOWBOT_STALL_BENCH=<rounds>} set, e.g.
 * {@code SHADOWBOT_STALL_BENCH=5 SHADOWBOT_TEST_DB=url SHADOWBOT_TEST_DB_URL=… mvn -B -o verify -pl engine
 * -Dtest=none -Dit.test=CutoverStallBench …}. Each round stages a 5,000-row table, runs 4 client threads
 * writing ~300 autocommit writes/s in total (each paced to 75/s), then cuts over and reverts under that
 * load, printing one {@code STALL …} line per swap: the longest client write that overlapped the swap
 * call, the clients' p99 in the 2 s before it (the load alone) and in the 1 s around it. The per-part
 * split comes from the engine's {@code event=cutover.parts} log lines. It asserts only that no client
 * write failed; timings are printed, never asserted.
 */
@RealDatabase
@EnabledIfEnvironmentVariable(named = "SHADOWBOT_STALL_BENCH", matches = "[0-9]+")
class CutoverStallBench {
    private static final int WRITERS = 4;
    private static final int PER_WRITER_PER_SECOND = 75;

    /** One acknowledged client write: when it started and how long it took (ns). */
    private record Write(long start, long nanos) {
    }

    @Test
    void measuresTheClientStallOfCutoverAndRevert(TestDb db) throws Exception {
        int rounds = Integer.parseInt(System.getenv("SHADOWBOT_STALL_BENCH"));
        MigrationOptions opts = MigrationOptions.defaults().withRevertWindow(Duration.ofMinutes(10));
        try (MigrationService service = MigrationService.connect(db.serverUrl(), opts)) {
            for (int round = 1; round <= rounds; round++) {
                String table = "s" + round;
                db.exec(String.format(MigrationScenario.BASE, "`" + table + "`"));
                StringBuilder seed = new StringBuilder("INSERT INTO `" + table + "` (id, v, n) VALUES ");
                for (int i = 1; i <= 5000; i++) {
                    seed.append(i > 1 ? "," : "").append("(").append(i).append(",'seed',").append(i).append(")");
                }
                db.exec(seed.toString());
                long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec(table,
                        "ADD COLUMN `c` INT NOT NULL DEFAULT 7")), List.of())).id();
                assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
                try (Clients clients = new Clients(db, table)) {
                    Thread.sleep(2500);
                    measure(db, "cutover", clients, () -> service.cutover(id, Duration.ofMinutes(1)));
                    Thread.sleep(2500);
                    measure(db, "revert", clients, () -> service.revert(id, Duration.ofMinutes(1)));
                    Thread.sleep(1000);
                    assertEquals(0, clients.errors.get(), "client writes failed: " + clients.firstError);
                }
            }
        }
    }

    private static void measure(TestDb db, String kind, Clients clients, Runnable swap) {
        long from = System.nanoTime();
        swap.run();
        long to = System.nanoTime();
        sleepQuietly(1000);
        List<Write> all = new ArrayList<>(clients.done);
        long maxOverlap = 0;
        List<Long> alone = new ArrayList<>();
        List<Long> around = new ArrayList<>();
        long mid = (from + to) / 2;
        for (Write w : all) {
            long end = w.start + w.nanos;
            if (end >= from && w.start <= to) {
                maxOverlap = Math.max(maxOverlap, w.nanos);
            }
            if (w.start >= from - 2_000_000_000L && end < from) {
                alone.add(w.nanos);
            }
            if (w.start >= mid - 500_000_000L && w.start < mid + 500_000_000L) {
                around.add(w.nanos);
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "STALL server=%s kind=%s call_ms=%.1f max_write_ms=%.1f p99_alone_ms=%.2f p99_around_ms=%.2f writes_alone=%d",
                db.info().displayName().replace(' ', '_'), kind, (to - from) / 1e6, maxOverlap / 1e6, p99(alone) / 1e6,
                p99(around) / 1e6, alone.size()));
    }

    private static long p99(List<Long> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1));
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 4 threads, each an autocommit INSERT or UPDATE every 1/75 s (on a fixed schedule, not after the last). */
    private static final class Clients implements AutoCloseable {
        final ConcurrentLinkedQueue<Write> done = new ConcurrentLinkedQueue<>();
        final AtomicInteger errors = new AtomicInteger();
        volatile String firstError;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Clients(TestDb db, String table) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(() -> run(db, table, writer), "stall-client-" + w);
                t.start();
                threads.add(t);
            }
        }

        private void run(TestDb db, String table, int writer) {
            long period = 1_000_000_000L / PER_WRITER_PER_SECOND;
            try (Connection c = db.connect();
                 PreparedStatement ins = c.prepareStatement("INSERT INTO `" + table + "` (id, v, n) VALUES (?, 'w', ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE `" + table + "` SET n = ? WHERE id = ?")) {
                long next = System.nanoTime();
                long key = 1_000_000L * (writer + 1);
                for (int k = 0; !stop.get(); k++) {
                    long start = System.nanoTime();
                    try {
                        if (k % 3 == 2) {
                            upd.setInt(1, k);
                            upd.setLong(2, 1 + (k * 7L + writer) % 5000);
                            upd.executeUpdate();
                        } else {
                            ins.setLong(1, key++);
                            ins.setInt(2, k);
                            ins.executeUpdate();
                        }
                        done.add(new Write(start, System.nanoTime() - start));
                    } catch (java.sql.SQLException e) {
                        errors.incrementAndGet();
                        if (firstError == null) {
                            firstError = e.getMessage();
                        }
                    }
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    } else {
                        next = System.nanoTime(); // behind (a stall): do not burst to catch up
                    }
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                errors.incrementAndGet();
                firstError = String.valueOf(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
}
