package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.copy.ChunkCopier;
import dev.shadowbot.engine.copy.ChunkSizer;
import dev.shadowbot.engine.copy.DeferredIndexes;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.table.KeyCodec;
import dev.shadowbot.engine.throttle.ReplicaLag;
import dev.shadowbot.engine.throttle.Throttler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every table in keyset chunks. This thread reads each chunk's upper bound, waits for the
 * throttle, and hands the range to one of {@link CopySettings#threads()} copy connections; between
 * hand-offs it applies the stream's changes and, as chunks complete in key order, stores a checkpoint
 * (high-water key + rows) so a resumed driver continues after the last stored chunk. Chunks beyond
 * the stored high-water that a dead driver had copied are harmless: they are either still correct or
 * changed later, and those changes come after the checkpoint in the binlog (docs/online-migration.md).
 */
final class CopyPhase {
    private static final Logger LOG = LoggerFactory.getLogger(CopyPhase.class);

    private CopyPhase() {
    }

    /** A chunk handed to a copy connection. */
    private record InFlight(Future<ChunkCopier.Chunk> result, Object[] high) {
    }

    static void run(DriverEnv env, List<TableContext> tables, StreamApplier applier)
            throws SQLException, InterruptedException {
        int threads = env.options().copy().threads();
        Connection c = env.open();
        List<Connection> workerConns = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shadowbot-copy-" + env.id());
            t.setDaemon(true);
            return t;
        });
        ReplicaLag replicas = new ReplicaLag(env.options().copy().replicas(), env.options().copy().maxReplicaLag());
        try {
            for (int i = 0; i < threads; i++) {
                workerConns.add(env.open());
            }
            ChunkSizer sizer = new ChunkSizer(env.options().chunkTarget(), env.options().initialChunkRows(), 50, 100_000);
            Throttler throttler = new Throttler(env.options().threadsRunningLimit(), Duration.ofSeconds(30));
            for (TableContext t : tables) {
                MigrationRecord m = env.store().migrations(env.id()).stream()
                        .filter(r -> r.id() == t.migration().id()).findFirst().orElseThrow();
                boolean defer = m.rowsTotal() >= env.options().copy().deferIndexesFromRows();
                if (!m.copyDone()) {
                    if (defer && m.rowsCopied() == 0 && m.highWater() == null) {
                        deferIndexes(env, c, t);
                    }
                    copyTable(env, t, m, applier, c, workerConns, pool, sizer, throttler, replicas);
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            replicas.close();
            for (Connection w : workerConns) {
                env.close(w);
            }
            env.close(c);
        }
    }

    /**
     * Builds the deferred indexes of every large table's shadow on a connection of its own, in the
     * background (the caller checksums meanwhile and waits for it before staged). Idempotent: adds
     * whatever the shadow lacks, so it also repairs a shadow whose driver died after the drop.
     */
    static java.util.concurrent.CompletableFuture<Void> buildDeferredIndexes(DriverEnv env, List<TableContext> tables) {
        List<TableContext> large = tables.stream()
                .filter(t -> t.migration().rowsTotal() >= env.options().copy().deferIndexesFromRows()).toList();
        if (large.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Thread th = new Thread(() -> {
            Connection c = null;
            try {
                c = env.open();
                for (TableContext t : large) {
                    long start = System.nanoTime();
                    List<String> added = DeferredIndexes.restore(c, env.schema(), t.table(), t.shadowName(),
                            t.migration().alterClauses(), "_shadowbot_ix_" + t.migration().id());
                    if (!added.isEmpty()) {
                        LOG.info("event=indexes_built {} table={} indexes={} ms={}", env.tag(), t.table(), added,
                                (System.nanoTime() - start) / 1_000_000);
                    }
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                env.close(c);
            }
        }, "shadowbot-indexes-" + env.id());
        th.setDaemon(true);
        th.start();
        return done;
    }

    private static void deferIndexes(DriverEnv env, Connection c, TableContext t) {
        try {
            List<String> dropped = DeferredIndexes.drop(c, env.schema(), t.shadowName());
            if (!dropped.isEmpty()) {
                LOG.info("event=indexes_deferred {} table={} indexes={}", env.tag(), t.table(), dropped);
            }
        } catch (SQLException e) {
            // e.g. an index a foreign key of the change needs: then it is built during the copy.
            LOG.info("event=indexes_not_deferred {} table={} reason=\"{}\"", env.tag(), t.table(), e.getMessage());
        }
    }

    /**
     * Parallel INSERT … SELECTs into a table with an AUTO_INCREMENT column serialise on its table-level
     * AUTO-INC lock unless {@code innodb_autoinc_lock_mode = 2} (MariaDB's default is 1), and a NOWAIT
     * copy would fail on it: such tables are copied by one connection.
     */
    private static int threadsFor(Connection c, String schema, String shadow, int threads) throws SQLException {
        if (threads == 1) {
            return 1;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT @@GLOBAL.innodb_autoinc_lock_mode,"
                + " (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND EXTRA LIKE '%auto_increment%')")) {
            ps.setString(1, schema);
            ps.setString(2, shadow);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 2 || rs.getInt(2) == 0 ? threads : 1;
            }
        }
    }

    private static void copyTable(DriverEnv env, TableContext t, MigrationRecord m, StreamApplier applier, Connection c,
                                  List<Connection> workerConns, ExecutorService pool, ChunkSizer sizer,
                                  Throttler throttler, ReplicaLag replicas) throws SQLException, InterruptedException {
        ChunkCopier bounds = new ChunkCopier(c, env.info(), env.schema(), t.shadowName(), t.mapping(), t.key());
        int threads = threadsFor(c, env.schema(), t.shadowName(), workerConns.size());
        BlockingQueue<ChunkCopier> idle = new ArrayBlockingQueue<>(threads);
        for (Connection w : workerConns.subList(0, threads)) {
            idle.add(new ChunkCopier(w, env.info(), env.schema(), t.shadowName(), t.mapping(), t.key()));
        }
        Object[] low = m.highWater() == null ? null : KeyCodec.decode(m.highWater());
        long rows = m.rowsCopied();
        long retries = 0;
        long started = System.nanoTime();
        LOG.info("event=copy_started {} table={} from={} threads={}", env.tag(), t.table(),
                low == null ? "start" : m.highWater(), threads);
        Deque<InFlight> inFlight = new ArrayDeque<>();
        boolean dispatchedLast = false;
        boolean done = false;
        // The next chunk's bound is read while the current chunk copies (another connection), so a
        // single copy connection never waits for it.
        boolean haveNext = false;
        Object[] nextHigh = null;
        int nextSize = 0;
        try {
            while (!done) {
                env.beat();
                if (!dispatchedLast && !haveNext) {
                    throttler.await(c);
                    replicas.await(env::beat);
                    nextSize = sizer.size();
                    nextHigh = bounds.boundaryAfter(low, nextSize);
                    haveNext = true;
                }
                if (haveNext && !idle.isEmpty()) {
                    ChunkCopier copier = idle.take();
                    Object[] from = low;
                    Object[] high = nextHigh;
                    int size = nextSize;
                    inFlight.add(new InFlight(pool.submit(() -> {
                        try {
                            return copier.copyRange(from, high, size);
                        } finally {
                            idle.add(copier);
                        }
                    }), high));
                    dispatchedLast = high == null;
                    low = high;
                    haveNext = false;
                } else {
                    awaitHead(inFlight);
                }
                applier.pump(0);
                // Checkpoint over the completed prefix, in key order.
                while (!inFlight.isEmpty() && inFlight.peekFirst().result().isDone()) {
                    InFlight head = inFlight.pollFirst();
                    ChunkCopier.Chunk chunk = result(head.result());
                    sizer.record(chunk.read(), chunk.nanos());
                    rows += chunk.read();
                    retries += chunk.retries();
                    env.store().setCopyCheckpoint(m.id(), rows, chunk.high() == null ? null : KeyCodec.encode(chunk.high()),
                            chunk.last(), applier.applied());
                    LOG.debug("event=chunk_copied {} table={} rows={} chunk_ms={} retries={} next_size={}", env.tag(),
                            t.table(), rows, chunk.nanos() / 1_000_000, chunk.retries(), sizer.size());
                    done = chunk.last();
                }
            }
        } finally {
            for (InFlight f : inFlight) {
                f.result().cancel(true);
            }
        }
        LOG.info("event=copy_done {} table={} rows={} copy_ms={} throttled_ms={} replica_wait_ms={} lock_retries={}",
                env.tag(), t.table(), rows, (System.nanoTime() - started) / 1_000_000, throttler.throttled().toMillis(),
                replicas.waited().toMillis(), retries);
    }

    private static void awaitHead(Deque<InFlight> inFlight) throws InterruptedException {
        if (inFlight.isEmpty()) {
            return;
        }
        try {
            inFlight.peekFirst().result().get(50, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // collected (and rethrown) in order by the caller
        }
    }

    private static ChunkCopier.Chunk result(Future<ChunkCopier.Chunk> f) throws SQLException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException se) {
                throw se;
            }
            if (cause instanceof ShadowbotException || cause instanceof DriverEnv.Stop) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException("copy worker failed: " + cause, cause);
        }
    }
}
