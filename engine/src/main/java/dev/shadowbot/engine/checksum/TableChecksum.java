package dev.shadowbot.engine.checksum;

import dev.shadowbot.engine.apply.StreamApplier;

import dev.shadowbot.engine.copy.ChunkCopier;
import dev.shadowbot.engine.copy.KeysetSql;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.table.ColumnInfo;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a live table and its shadow chunk by chunk (COUNT and BIT_XOR of CRC32 per key range),
 * either each range under its own short range lock ({@link #runLocked}) or all of them in one
 * consistent snapshot taken when both tables were equal in the binlog's eyes ({@link #run}, see
 * {@link ConsistentPoint}). Returns the ranges that differ.
 */
public final class TableChecksum {
    private static final Logger LOG = LoggerFactory.getLogger(TableChecksum.class);
    private final String schema;
    private final String shadow;
    private final ColumnMapping mapping;
    private final IndexInfo key;
    private final List<ColumnInfo> keyColumns;
    private final List<String> liveExprs = new ArrayList<>();
    private final List<String> shadowExprs = new ArrayList<>();
    private final List<String> liveCols = new ArrayList<>();
    private final List<String> shadowCols = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final boolean shadowRangeIndexed;

    public TableChecksum(String schema, String shadow, ColumnMapping mapping, IndexInfo key) {
        this.schema = schema;
        this.shadow = shadow;
        this.mapping = mapping;
        this.key = key;
        this.keyColumns = key.columns().stream().map(c -> mapping.live().column(c).orElseThrow()).toList();
        for (ColumnMapping.Pair p : mapping.columns()) {
            Optional<String[]> e = ChecksumSql.normalise(p);
            if (e.isEmpty()) {
                skipped.add(p.live().name() + " (" + p.live().columnType() + " → " + p.shadow().columnType() + ")");
                continue;
            }
            liveExprs.add(e.get()[0]);
            shadowExprs.add(e.get()[1]);
            liveCols.add(p.live().name());
            shadowCols.add(p.shadow().name());
        }
        // Range predicates on the shadow need an index led by the key's first column to stay cheap;
        // without one (e.g. a reordered primary key) the whole table is one chunk: one scan, not one per chunk.
        String first = key.columns().get(0);
        this.shadowRangeIndexed = mapping.shadow().indexes().stream()
                .anyMatch(i -> !i.columns().isEmpty() && i.columns().get(0).equalsIgnoreCase(first));
    }

    /** Columns left out of the comparison, with their old and new types. */
    public List<String> skippedColumns() {
        return List.copyOf(skipped);
    }

    /** True when range predicates on the shadow can use an index (chunks are cheap on both sides). */
    public boolean chunkable() {
        return shadowRangeIndexed;
    }

    /**
     * Checksums every chunk on {@code snapshot}; calls {@code betweenChunks} after each chunk so the
     * caller can keep applying changes on its own connection.
     */
    public ChecksumResult run(Connection snapshot, int chunkSize, Runnable betweenChunks) throws SQLException {
        List<ChecksumResult.Range> mismatches = new ArrayList<>();
        Object[] low = null;
        int chunks = 0;
        long rows = 0;
        while (true) {
            Object[] high = shadowRangeIndexed ? boundary(snapshot, low, chunkSize) : null;
            KeysetSql.Range range = KeysetSql.Range.of(key.columns(), low, high);
            long[] liveSum = sum(snapshot, liveSql(range, ""), range.args());
            long[] shadowSum = sum(snapshot, shadowSql(range, ""), range.args());
            chunks++;
            rows += liveSum[0];
            if (liveSum[0] != shadowSum[0] || liveSum[1] != shadowSum[1]) {
                mismatches.add(new ChecksumResult.Range(low, high));
            }
            betweenChunks.run();
            if (high == null) {
                break;
            }
            low = high;
        }
        return new ChecksumResult(mapping.live().name(), chunks, rows, mismatches, skipped);
    }

    /**
     * Checksums chunk by chunk without a table lock or a long snapshot: for each key range, in one
     * REPEATABLE READ transaction on {@code c}, the live checksum is computed by a non-waiting shared
     * locking read (which locks the range's rows and gaps, so the range cannot change until commit),
     * the binlog position is read, the stream is drained to it (every change to the range is then in
     * the shadow), and the shadow's range is checksummed by a plain read: it is the transaction's first
     * consistent read (the live read was a locking one, which takes no snapshot), so its snapshot is taken
     * after the drain and holds every change applied to the range.
     * A range locked by a client is retried after a short backoff; clients wait at most for one
     * chunk's two queries and the drain, and never deadlock with it (it never waits on a row lock).
     * Requires {@link #chunkable()}.
     */
    public ChecksumResult runLocked(Connection c, ServerInfo info, int chunkSize, ConsistentPoint.Drain drain,
                                    Runnable betweenChunks) throws SQLException, InterruptedException {
        prepareLocked(c);
        List<ChecksumResult.Range> mismatches = new ArrayList<>();
        Object[] low = null;
        int chunks = 0;
        long rows = 0;
        while (true) {
            Object[] high = boundary(c, low, chunkSize);
            long[] match = compareRange(c, info, low, high, drain, betweenChunks);
            chunks++;
            rows += match[1];
            if (match[0] == 0) {
                mismatches.add(new ChecksumResult.Range(low, high));
            }
            betweenChunks.run();
            if (high == null) {
                break;
            }
            low = high;
        }
        return new ChecksumResult(mapping.live().name(), chunks, rows, mismatches, skipped);
    }

    /** Sets up {@code c} for {@link #compareRange}: REPEATABLE READ, UTC, autocommit on between ranges. */
    public static void prepareLocked(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(ChecksumSql.SNAPSHOT_ISOLATION);
            st.execute("SET SESSION time_zone = '+00:00'");
        }
    }

    /**
     * Compares one key range {@code (low, high]} as {@link #runLocked} describes, on a connection set
     * up by {@link #prepareLocked}; returns {@code {1 if equal else 0, live rows}}.
     */
    public long[] compareRange(Connection c, ServerInfo info, Object[] low, Object[] high, ConsistentPoint.Drain drain,
                               Runnable betweenRetries) throws SQLException, InterruptedException {
        String lock = info.isMariaDb() ? " LOCK IN SHARE MODE NOWAIT" : " FOR SHARE NOWAIT";
        KeysetSql.Range range = KeysetSql.Range.of(key.columns(), low, high);
        boolean auto = c.getAutoCommit();
        // Catch up before locking, so the drain under the range lock is short.
        catchUp(c, info, drain);
        c.setAutoCommit(false);
        int slowDrains = 0;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    long[] liveSum = sum(c, liveSql(range, lock), range.args());
                    BinlogPosition at = BinlogPositions.current(c, info);
                    drain.upTo(at);
                    long[] shadowSum = sum(c, shadowSql(range, ""), range.args());
                    c.commit();
                    boolean equal = liveSum[0] == shadowSum[0] && liveSum[1] == shadowSum[1];
                    return new long[] {equal ? 1 : 0, liveSum[0]};
                } catch (StreamApplier.NotReached slow) {
                    // The stream could not catch up within the budget while clients wait on the range:
                    // release the range, wait for the stream without any lock, and compare it again.
                    c.rollback();
                    if (++slowDrains > MAX_SLOW_DRAINS) {
                        throw slow;
                    }
                    LOG.info("event=checksum_catch_up_wait table={} attempt={} reason=\"{}\"", mapping.live().name(),
                            slowDrains, slow.getMessage());
                    betweenRetries.run();
                    c.setAutoCommit(true);
                    catchUp(c, info, drain);
                    c.setAutoCommit(false);
                } catch (SQLException e) {
                    c.rollback();
                    if (!lockBusy(e) || attempt >= MAX_LOCK_ATTEMPTS) {
                        throw e;
                    }
                    LOCK_RETRIES.incrementAndGet();
                    betweenRetries.run();
                    long base = Math.min(200, 5L * attempt);
                    Thread.sleep(base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1));
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Drains to the server's current position holding no lock: a drain that runs out of its budget is
     * waited out (logged with its progress) up to {@link #MAX_SLOW_DRAINS} budgets, never a failure on
     * the first slow one.
     */
    private void catchUp(Connection c, ServerInfo info, ConsistentPoint.Drain drain)
            throws SQLException, InterruptedException {
        for (int wait = 1; ; wait++) {
            try {
                drain.upTo(BinlogPositions.current(c, info));
                return;
            } catch (StreamApplier.NotReached slow) {
                if (wait >= MAX_SLOW_DRAINS) {
                    throw slow;
                }
                LOG.info("event=checksum_catch_up_wait table={} wait={} reason=\"{}\"", mapping.live().name(), wait,
                        slow.getMessage());
            }
        }
    }

    /** Drain budgets a checksum waits for a slow stream before it gives up (30 × 10 s = 5 min). */
    private static final int MAX_SLOW_DRAINS = 30;

    /** Range checksums of this process that found rows locked and were retried. */
    public static long lockRetries() {
        return LOCK_RETRIES.get();
    }

    private static final int MAX_LOCK_ATTEMPTS = 600;
    private static final java.util.concurrent.atomic.AtomicLong LOCK_RETRIES = new java.util.concurrent.atomic.AtomicLong();

    private static boolean lockBusy(SQLException e) {
        int code = e.getErrorCode();
        return code == 1205 || code == 3572 || code == 1213;
    }

    private String liveSql(KeysetSql.Range range, String lock) {
        // The locking read walks the key's index, so its gap locks cover exactly the range.
        return ChecksumSql.chunk(schema, mapping.live().name(), lock.isEmpty() ? null : key.name(), liveExprs, liveCols,
                range.where()) + lock;
    }

    private String shadowSql(KeysetSql.Range range, String lock) {
        return ChecksumSql.chunk(schema, shadow, null, shadowExprs, shadowCols, range.where()) + lock;
    }

    private Object[] boundary(Connection c, Object[] low, int size) throws SQLException {
        KeysetSql.Range range = KeysetSql.Range.of(key.columns(), low, null);
        String cols = String.join(", ", key.columns().stream().map(Identifiers::quote).toList());
        String sql = "SELECT " + cols + " FROM " + Identifiers.qualified(schema, mapping.live().name())
                + " FORCE INDEX (" + Identifiers.quote(key.name()) + ")" + range.whereClause()
                + " ORDER BY " + cols + " LIMIT 1 OFFSET ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ChunkCopier.bind(ps, range.args());
            ps.setInt(range.args().size() + 1, Math.max(0, size - 1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? ChunkCopier.readKey(rs, keyColumns) : null;
            }
        }
    }

    private static long[] sum(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ChunkCopier.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

}
