package dev.shadowbot.engine.copy;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.table.ColumnInfo;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the live table into its shadow in keyset chunks along the shared key:
 * {@code INSERT IGNORE … SELECT … WHERE key > lo AND key <= hi} with a non-waiting shared lock
 * ({@link CopySql#lockClause}). The copy reads the current live rows, and INSERT IGNORE never
 * overwrites a row the change stream already wrote, so copy and apply may interleave in any order
 * (see docs/online-migration.md).
 *
 * <p>A chunk that meets a row a client has locked fails at once (it never waits, so it can never
 * deadlock a client) and is retried after a short random backoff, at half the size after every second
 * failure, down to one row; after {@link #MAX_LOCK_ATTEMPTS} failures in a row the copy gives up
 * with an error naming the key range.
 */
public final class ChunkCopier {
    /**
     * One copied chunk: its upper bound (null when it was the last), rows read (the chunk's size;
     * for the last chunk, rows inserted), rows inserted, time of the successful attempt, lock retries.
     */
    public record Chunk(Object[] high, long read, long rows, long nanos, boolean last, int retries) {
    }

    /** Consecutive lock-busy failures of one chunk before the copy gives up (about 2 minutes). */
    static final int MAX_LOCK_ATTEMPTS = 600;
    /** MariaDB reports a NOWAIT conflict as a lock wait timeout. */
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;
    /** MySQL 8: "Statement aborted because lock(s) could not be acquired immediately and NOWAIT is set". */
    private static final int ER_LOCK_NOWAIT = 3572;
    private static final AtomicLong LOCK_RETRIES = new AtomicLong();

    /** Chunk attempts in this process that found a row locked and were retried. */
    public static long lockRetries() {
        return LOCK_RETRIES.get();
    }

    private final Connection conn;
    private final String schema;
    private final String live;
    private final String shadow;
    private final IndexInfo key;
    private final List<ColumnInfo> keyColumns;
    private final List<String> liveCols;
    private final List<String> shadowCols;
    private final String lock;
    private Runnable betweenRetries = () -> { };
    private int maxLockAttempts = MAX_LOCK_ATTEMPTS;

    /** A copier on {@code conn}; detects the server to choose the locking clause. */
    public ChunkCopier(Connection conn, String schema, String shadow, ColumnMapping mapping, IndexInfo key)
            throws SQLException {
        this(conn, ServerInfo.detect(conn), schema, shadow, mapping, key);
    }

    public ChunkCopier(Connection conn, ServerInfo info, String schema, String shadow, ColumnMapping mapping,
                       IndexInfo key) throws SQLException {
        this.conn = conn;
        this.schema = schema;
        this.live = mapping.live().name();
        this.shadow = shadow;
        this.key = key;
        this.keyColumns = key.columns().stream().map(c -> mapping.live().column(c).orElseThrow()).toList();
        this.liveCols = mapping.columns().stream().map(p -> p.live().name()).toList();
        this.shadowCols = mapping.columns().stream().map(p -> p.shadow().name()).toList();
        this.lock = CopySql.lockClause(info);
        try (Statement st = conn.createStatement()) {
            st.execute(CopySql.SESSION);
            st.execute(CopySql.ISOLATION);
        }
    }

    /** Called before each retry's backoff (the driver's heartbeat: lease renewal, cancellation). */
    public ChunkCopier betweenRetries(Runnable r) {
        this.betweenRetries = r;
        return this;
    }

    /** Consecutive lock-busy failures of one chunk before giving up (default {@value #MAX_LOCK_ATTEMPTS}). */
    public ChunkCopier maxLockAttempts(int attempts) {
        this.maxLockAttempts = Math.max(1, attempts);
        return this;
    }

    /** Copies the next chunk of about {@code size} rows after {@code low} (null = from the start). */
    public Chunk next(Object[] low, int size) throws SQLException, InterruptedException {
        return within(low, null, size);
    }

    /**
     * Copies the next chunk of about {@code size} rows in {@code (low, limit]} (null limit = open);
     * the chunk is the last one when it reaches {@code limit}.
     */
    private Chunk within(Object[] low, Object[] limit, int size) throws SQLException, InterruptedException {
        int attempt = 0;
        while (true) {
            long start = System.nanoTime();
            Object[] high = boundary(low, limit, size);
            boolean last = high == null;
            if (last) {
                high = limit;
            }
            try {
                long rows = copy(KeysetSql.Range.of(key.columns(), low, high));
                return new Chunk(last ? limit : high, last ? rows : size, rows, System.nanoTime() - start, last,
                        attempt);
            } catch (SQLException e) {
                if (!isLockBusy(e)) {
                    throw e;
                }
                attempt++;
                LOCK_RETRIES.incrementAndGet();
                if (attempt >= maxLockAttempts) {
                    throw new ShadowbotException(ErrorCode.DATABASE, "the copy of " + schema + "." + live
                            + " found rows after " + describe(low) + " locked by other transactions " + attempt
                            + " times in a row (the copy never waits on a row lock, so it cannot deadlock clients)",
                            "look for a long-running transaction on " + live + " (information_schema.INNODB_TRX),"
                                    + " let it finish, then deploy again", e);
                }
                if (attempt % 2 == 0) {
                    size = Math.max(1, size / 2);
                }
                betweenRetries.run();
                Thread.sleep(backoffMillis(attempt));
            }
        }
    }

    /**
     * The key {@code size} rows after {@code low} (null = from the start): the upper bound of the next
     * chunk, or null when fewer rows remain (the next chunk is the last).
     */
    public Object[] boundaryAfter(Object[] low, int size) throws SQLException {
        return boundary(low, null, size);
    }

    /**
     * Copies the whole range {@code (low, high]} (null high = to the end), which held {@code size}
     * rows when its bound was read: in one statement when no row in it is locked, else in
     * halving sub-chunks that each retry until their rows are free.
     */
    public Chunk copyRange(Object[] low, Object[] high, int size) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long rows;
        int retries = 0;
        try {
            rows = copy(KeysetSql.Range.of(key.columns(), low, high));
        } catch (SQLException e) {
            if (!isLockBusy(e)) {
                throw e;
            }
            retries++;
            LOCK_RETRIES.incrementAndGet();
            betweenRetries.run();
            Thread.sleep(backoffMillis(1));
            rows = 0;
            Object[] from = low;
            int sub = Math.max(1, size / 2);
            while (true) {
                Chunk c = within(from, high, sub);
                rows += c.rows();
                retries += c.retries();
                if (c.last()) {
                    break;
                }
                from = c.high();
            }
        }
        boolean last = high == null;
        return new Chunk(high, last ? rows : size, rows, System.nanoTime() - start, last, retries);
    }

    /**
     * Replaces the shadow's rows in {@code (low, high]} (null bounds are open) with the live rows,
     * used when a checksum chunk differs: deletes the range in the shadow, then copies it again in
     * chunks of {@code size} rows. The stream may apply changes in between; the copy's argument holds
     * for every key as it does for the first copy (docs/online-migration.md).
     */
    public long recopy(Object[] low, Object[] high, int size) throws SQLException, InterruptedException {
        KeysetSql.Range range = KeysetSql.Range.of(key.columns(), low, high);
        try (PreparedStatement ps = conn.prepareStatement(CopySql.deleteRange(schema, shadow, range))) {
            bind(ps, range.args());
            ps.executeUpdate();
        }
        long rows = 0;
        Object[] from = low;
        while (true) {
            Chunk c = within(from, high, size);
            rows += c.rows();
            if (c.last()) {
                return rows;
            }
            from = c.high();
        }
    }

    /** Same as {@link #recopy(Object[], Object[], int)} with 5,000-row chunks. */
    public long recopy(Object[] low, Object[] high) throws SQLException, InterruptedException {
        return recopy(low, high, 5000);
    }

    private long copy(KeysetSql.Range range) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                CopySql.copy(schema, live, shadow, key.name(), shadowCols, liveCols, range, lock))) {
            bind(ps, range.args());
            return ps.executeUpdate();
        }
    }

    /** True for "a row was locked" (NOWAIT conflict, or a deadlock that chose the copy). */
    static boolean isLockBusy(SQLException e) {
        int code = e.getErrorCode();
        return code == ER_LOCK_WAIT_TIMEOUT || code == ER_LOCK_NOWAIT || code == ER_LOCK_DEADLOCK;
    }

    /** 5, 10, 20 … ms capped at 200 ms, with jitter so the copy does not fall into step with a client. */
    static long backoffMillis(int attempt) {
        long base = Math.min(200L, 5L << Math.min(6, attempt - 1));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private Object[] boundary(Object[] low, Object[] limit, int size) throws SQLException {
        KeysetSql.Range range = KeysetSql.Range.of(key.columns(), low, limit);
        String sql = CopySql.boundary(schema, live, key.name(), key.columns(), range);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, range.args());
            ps.setInt(range.args().size() + 1, Math.max(0, size - 1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? readKey(rs, keyColumns) : null;
            }
        }
    }

    private static String describe(Object[] low) {
        return low == null ? "the start" : Arrays.toString(low);
    }

    /** Reads a key from the current row: bytes for binary columns, text otherwise. */
    public static Object[] readKey(ResultSet rs, List<ColumnInfo> keyColumns) throws SQLException {
        Object[] key = new Object[keyColumns.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = keyColumns.get(i).isBinary() ? rs.getBytes(i + 1) : rs.getString(i + 1);
        }
        return key;
    }

    /** Binds {@code args} to parameters 1…n (bytes as bytes). */
    public static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object v = args.get(i);
            if (v instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }
}
