package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.checksum.ChecksumResult;
import dev.shadowbot.engine.checksum.ConsistentPoint;
import dev.shadowbot.engine.checksum.TableChecksum;
import dev.shadowbot.engine.copy.ChunkCopier;
import dev.shadowbot.engine.db.BinlogPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares every live table with its shadow; re-copies differing chunks and compares again, up to the
 * configured number of rounds. Returns only when all tables match. A table whose shadow can be ranged
 * by the key is compared chunk by chunk under a short range lock ({@link TableChecksum#runLocked});
 * others (a reordered key) at one consistent point behind a brief table lock ({@link ConsistentPoint}).
 */
final class ChecksumPhase {
    private static final Logger LOG = LoggerFactory.getLogger(ChecksumPhase.class);
    private static final int LOCK_ATTEMPTS = 10;
    /** Longest time writers wait on the checksum's table lock while the stream catches up. */
    private static final java.time.Duration DRAIN_BUDGET = java.time.Duration.ofSeconds(10);

    private ChecksumPhase() {
    }

    static void run(DriverEnv env, List<TableContext> tables, StreamApplier applier)
            throws SQLException, InterruptedException {
        // The deferred secondary indexes are built meanwhile; the checksum needs only the key.
        java.util.concurrent.CompletableFuture<Void> indexes = CopyPhase.buildDeferredIndexes(env, tables);
        try {
            compare(env, tables, applier);
            while (!indexes.isDone()) {
                env.beat();
                applier.pump(100);
            }
            indexes.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException se) {
                throw ShadowbotException.database("building the shadow's indexes failed: " + se.getMessage(),
                        "check the server's log; the deploy request can be resumed", se);
            }
            throw e;
        }
    }

    private static void compare(DriverEnv env, List<TableContext> tables, StreamApplier applier)
            throws SQLException, InterruptedException {
        List<String> lastMismatch = List.of();
        for (int round = 1; round <= env.options().checksumRounds(); round++) {
            List<ChecksumResult> results = new ArrayList<>();
            List<TableContext> snapshotTables = new ArrayList<>();
            Connection sumConn = env.open();
            try {
                for (TableContext t : tables) {
                    TableChecksum sum = new TableChecksum(env.schema(), t.shadowName(), t.mapping(), t.key());
                    if (!sum.chunkable()) {
                        snapshotTables.add(t);
                        continue;
                    }
                    results.add(sum.runLocked(sumConn, env.info(), env.options().checksumChunkRows(),
                            pos -> applier.drainTo(pos, DRAIN_BUDGET), () -> keepApplying(env, applier)));
                }
            } finally {
                env.close(sumConn);
            }
            if (!snapshotTables.isEmpty()) {
                results.addAll(checksumOnce(env, snapshotTables, applier,
                        snapshotTables.stream().map(TableContext::table).toList()));
            }
            List<String> mismatched = new ArrayList<>();
            Connection c = env.open();
            try {
                for (ChecksumResult r : results) {
                    LOG.info("event=checksum {} table={} round={} chunks={} rows={} mismatched_chunks={} skipped_columns={}",
                            env.tag(), r.table(), round, r.chunks(), r.rows(), r.mismatches().size(), r.skipped());
                    if (r.matches()) {
                        continue;
                    }
                    TableContext t = tables.stream().filter(x -> x.table().equals(r.table())).findFirst().orElseThrow();
                    ChunkCopier copier = new ChunkCopier(c, env.info(), env.schema(), t.shadowName(), t.mapping(), t.key())
                            .betweenRetries(env::beat);
                    for (ChecksumResult.Range range : r.mismatches()) {
                        env.beat();
                        copier.recopy(range.low(), range.high(), env.options().checksumChunkRows());
                        applier.pump(0);
                        mismatched.add(r.table() + " " + describe(range));
                    }
                }
            } finally {
                env.close(c);
            }
            if (mismatched.isEmpty()) {
                return;
            }
            lastMismatch = mismatched;
            LOG.warn("event=checksum_mismatch {} round={} recopied={}", env.tag(), round, mismatched);
        }
        throw new ShadowbotException(ErrorCode.INTERNAL, "shadow and live tables still differ after "
                + env.options().checksumRounds() + " checksum rounds: " + lastMismatch,
                "cancel the deploy request and report this; the change may narrow data (the copy truncates values), or a"
                        + " new unique key meets duplicates written during the copy");
    }

    private static List<ChecksumResult> checksumOnce(DriverEnv env, List<TableContext> tables, StreamApplier applier,
                                                     List<String> live) throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            env.beat();
            Connection lock = env.open();
            Connection snap = env.open();
            try {
                BinlogPosition at = ConsistentPoint.open(lock, snap, env.info(), env.schema(), live,
                        env.options().lockWaitSeconds(),
                        pos -> applier.drainTo(pos, DRAIN_BUDGET));
                LOG.info("event=checksum_snapshot {} position={}", env.tag(), at);
                List<ChecksumResult> results = new ArrayList<>();
                for (TableContext t : tables) {
                    TableChecksum sum = new TableChecksum(env.schema(), t.shadowName(), t.mapping(), t.key());
                    results.add(sum.run(snap, env.options().checksumChunkRows(), () -> keepApplying(env, applier)));
                }
                try (Statement st = snap.createStatement()) {
                    st.execute("COMMIT");
                }
                return results;
            } catch (SQLException | ShadowbotException e) {
                // 1205: lock wait timeout on the table lock (a long transaction); or the drain under
                // the lock took too long. Both leave nothing behind: try again shortly.
                boolean retryable = e instanceof ShadowbotException
                        || ((SQLException) e).getErrorCode() == 1205;
                if (!retryable || attempt >= LOCK_ATTEMPTS) {
                    throw e;
                }
                LOG.info("event=checksum_lock_retry {} attempt={} error={}", env.tag(), attempt, e.getMessage());
                Thread.sleep(200L * attempt);
            } finally {
                env.close(snap);
                env.close(lock);
            }
        }
    }

    private static void keepApplying(DriverEnv env, StreamApplier applier) {
        try {
            env.beat();
            applier.pump(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String describe(ChecksumResult.Range r) {
        return "(" + (r.low() == null ? "start" : java.util.Arrays.toString(r.low())) + ", "
                + (r.high() == null ? "end" : java.util.Arrays.toString(r.high())) + "]";
    }
}
