package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.change.BinlogStream;
import dev.shadowbot.engine.change.StreamItem;
import dev.shadowbot.engine.db.BinlogPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Consumes the change stream and applies it to the shadows in batches that end on transaction
 * boundaries: each batch is coalesced per table, written in one shadow transaction, and only then is
 * its end position reported as the checkpoint. A broken stream is restarted from that checkpoint, so
 * nothing is lost and re-applied images are harmless (full images by key are idempotent).
 */
public final class StreamApplier implements AutoCloseable {
    /** Where applied positions go (the sidecar store). */
    @FunctionalInterface
    public interface CheckpointSink {
        void applied(BinlogPosition position);

        /**
         * Stores the position inside the shadow transaction open on {@code conn}, so both commit as one;
         * false when this sink cannot (then {@link #applied} stores it after the commit).
         */
        default boolean appliedIn(Connection conn, BinlogPosition position) throws SQLException {
            return false;
        }
    }

    /**
     * A drain that ran out of its budget: the stream is behind (or slow), which is a reason to release
     * whatever lock the caller holds and wait, not a verdict on the deploy request.
     */
    public static final class NotReached extends ShadowbotException {
        private static final long serialVersionUID = 1L;

        public NotReached(String message) {
            super(ErrorCode.DATABASE, message, "the server is busy or the stream is behind; it is retried");
        }
    }

    private static final int MAX_BATCH_CHANGES = 2000;
    private static final long CHECKPOINT_EVERY_NANOS = 250_000_000L;
    /**
     * When no row change was applied since the stored checkpoint, only other transactions moved the
     * position, above all the driver's own lease renewals: storing a checkpoint after each doubled what
     * an idle staged driver writes while it waits, possibly for days. It is then stored this often (a
     * resume re-reads at most this much binlog, skipping other tables' rows undecoded).
     */
    private static final long IDLE_CHECKPOINT_EVERY_NANOS = 30_000_000_000L;
    /**
     * While draining, how long to wait for the commit event of a transaction whose rows are queued: the
     * binlog holds only committed transactions, so it follows at once. Applying the rows without it
     * would need a second commit for the checkpoint once it arrives.
     */
    private static final long COMMIT_TAIL_WAIT_MILLIS = 100;
    private static final int MAX_RESTARTS = 5;
    private static final int MAX_APPLY_ATTEMPTS = 20;

    private final Connection conn;
    private final Map<String, TableApplier> appliers;
    private final Function<BinlogPosition, BinlogStream> streams;
    private final CheckpointSink sink;
    private final Map<String, Coalescer> pending = new HashMap<>();
    private BinlogStream stream;
    private BinlogPosition applied;
    private BinlogPosition stored;
    private BinlogPosition pendingCommit;
    private long pendingCommitMillis;
    private volatile long appliedEventMillis;
    private long lastStoreNanos;
    private int pendingChanges;
    /** Changes queued after the last commit seen: a transaction whose commit event is still on its way. */
    private int changesAfterCommit;
    private volatile long appliedChanges;
    private long appliedChangesAtStore = -1;
    private int restarts;
    /** Set once for good: see {@link #refuseUnsafe}. */
    private volatile String unsafe;
    /** Inside {@link #drainTo}: each batch carries its checkpoint in its own transaction. */
    private boolean draining;

    /**
     * @param conn     connection used for the shadow writes (prepared here for applying)
     * @param appliers live table name → its applier
     * @param streams  opens a stream started at a position
     * @param from     the checkpoint to start at
     * @param sink     receives applied positions
     */
    public StreamApplier(Connection conn, Map<String, ? extends TableApplier> appliers,
                         Function<BinlogPosition, BinlogStream> streams, BinlogPosition from, CheckpointSink sink)
            throws SQLException {
        this.conn = conn;
        this.appliers = Map.copyOf(appliers);
        this.streams = streams;
        this.sink = sink;
        this.applied = from;
        this.stored = from;
        ChangeApplier.prepareSession(conn);
        conn.setAutoCommit(false);
        appliers.forEach((t, a) -> pending.put(t, a.newCoalescer()));
        this.stream = streams.apply(from);
    }

    /**
     * Waits up to {@code waitMillis} for changes, then applies what is queued, for at most
     * max(waitMillis, 200 ms) so a busy stream cannot starve the copy.
     */
    public void pump(long waitMillis) throws SQLException, InterruptedException {
        refuseUnsafe();
        long start = System.nanoTime();
        long budget = Math.max(waitMillis, 200) * 1_000_000L;
        StreamItem item = stream.poll(waitMillis);
        while (item != null) {
            take(item);
            if (pendingChanges >= MAX_BATCH_CHANGES && pendingCommit != null) {
                flush();
            }
            if (System.nanoTime() - start > budget) {
                break;
            }
            item = stream.poll(0);
            if (item == null && draining && changesAfterCommit > 0) {
                item = stream.poll(COMMIT_TAIL_WAIT_MILLIS);
            }
        }
        flush();
    }

    /**
     * Applies until every change before {@code target} is in the shadows; gives up with a DATABASE
     * error after {@code timeout} (callers hold table locks meanwhile, so this must be bounded). Then the
     * stored checkpoint is one a resume can start from without missing a change before the target: the
     * end of the last applied transaction, stored with its rows, or the target.
     */
    public void drainTo(BinlogPosition target, java.time.Duration timeout) throws SQLException, InterruptedException {
        refuseUnsafe();
        BinlogSettings.require(conn);
        draining = true;
        try {
            drain(target, timeout);
        } finally {
            draining = false;
        }
    }

    private void drain(BinlogPosition target, java.time.Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            BinlogPosition seen = stream.seen();
            if (applied.isAtOrAfter(target) || (stream.backlog() == 0 && pendingChanges == 0
                    && seen != null && seen.isAtOrAfter(target))) {
                if (seen != null && seen.isAtOrAfter(target) && !applied.isAtOrAfter(target)) {
                    // Only events of other transactions' tail (no commit of ours) lie between.
                    applied = target;
                }
                if (appliedChanges != appliedChangesAtStore) {
                    storeCheckpoint(true);
                }
                // Else every change applied is covered by the stored checkpoint: only other tables'
                // transactions lie between it and the target, and a resume from it skips them. (A resume
                // after the cutover's RENAME relies on that: the reverse stream must meet no row event of
                // the live name from before the swap.) Storing the target would cost a commit, under the
                // cutover's lock.
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new NotReached("the change stream did not reach " + target + " within " + timeout
                        + " (applied up to " + applied + ", " + backlog() + " changes waiting)");
            }
            // Apply what is queued at once; wait only briefly when nothing is (the reader is behind).
            pump(stream.backlog() > 0 ? 0 : 5);
        }
    }

    private void take(StreamItem item) throws SQLException {
        if (item instanceof StreamItem.RowChange c) {
            TableApplier a = appliers.get(c.table());
            if (a != null) {
                pending.get(c.table()).add(c);
                pendingChanges++;
                changesAfterCommit++;
            }
        } else if (item instanceof StreamItem.Commit c) {
            changesAfterCommit = 0;
            pendingCommit = c.next();
            pendingCommitMillis = c.eventMillis();
        } else if (item instanceof StreamItem.Failure f) {
            restart(f.cause());
        } else if (item instanceof StreamItem.Unsafe u) {
            unsafe = u.reason();
            refuseUnsafe();
        }
    }

    /**
     * Once the stream met a change it cannot apply (a statement or a partial image of a followed table),
     * the target table is no longer exact: every later pump and drain refuses, so no swap can follow.
     */
    private void refuseUnsafe() {
        if (unsafe != null) {
            throw new ShadowbotException(ErrorCode.DATABASE, unsafe + "; the target table missed that change, so it"
                    + " is not swapped", "set binlog_format=ROW and binlog_row_image=FULL (globally and in every"
                    + " session), then start a new deploy request");
        }
    }

    /** Why the stream cannot be applied any more, or null. */
    public String unsafe() {
        return unsafe;
    }

    /** Writes pending changes up to the last commit seen and records the checkpoint. */
    private void flush() throws SQLException {
        if (pendingCommit == null) {
            return;
        }
        boolean storedWithBatch = false;
        if (pendingChanges > 0) {
            for (int attempt = 1; ; attempt++) {
                try {
                    for (Map.Entry<String, Coalescer> e : pending.entrySet()) {
                        if (!e.getValue().isEmpty()) {
                            appliers.get(e.getKey()).apply(conn, e.getValue().ops());
                        }
                    }
                    // A drain (the cutover's, under the lock the clients wait for) saves a commit this way.
                    storedWithBatch = draining && sink.appliedIn(conn, pendingCommit);
                    conn.commit();
                    break;
                } catch (SQLException ex) {
                    conn.rollback();
                    if (ex instanceof RowRefused r) {
                        throw new ShadowbotException(ErrorCode.BLOCKED, r.getMessage(), "widen the column in the change"
                                + " (or fix the row), then deploy again; nothing was swapped", r);
                    }
                    if (ex instanceof GuardedWrites.KeyViolated v) {
                        throw new ShadowbotException(ErrorCode.BLOCKED, v.getMessage(), "remove the duplicates from table "
                                + v.table() + " (or drop the unique key from the change), then deploy again", v);
                    }
                    // The parallel copy inserts into the same shadow: a deadlock or lock wait with a
                    // copy connection rolls the whole batch back; applying it again is idempotent.
                    boolean retryable = ex.getErrorCode() == 1213 || ex.getErrorCode() == 1205;
                    if (!retryable || attempt >= MAX_APPLY_ATTEMPTS) {
                        throw ex;
                    }
                    sleepQuietly(10L * attempt);
                }
            }
            appliedChanges += pendingChanges;
            pending.values().forEach(Coalescer::clear);
            pendingChanges = 0;
        }
        applied = pendingCommit;
        appliedEventMillis = pendingCommitMillis;
        pendingCommit = null;
        restarts = 0;
        if (storedWithBatch) {
            stored(System.nanoTime());
        }
        storeCheckpoint(false);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void storeCheckpoint(boolean force) {
        long now = System.nanoTime();
        long every = appliedChanges != appliedChangesAtStore ? CHECKPOINT_EVERY_NANOS : IDLE_CHECKPOINT_EVERY_NANOS;
        if (!applied.equals(stored) && (force || now - lastStoreNanos >= every)) {
            sink.applied(applied);
            stored(now);
        }
    }

    /**
     * The stored checkpoint is {@code applied}, the end of the last applied transaction. Changes applied
     * after it (the rows of a transaction whose commit event had not arrived) are not covered by it:
     * they count as applied since the store, so a drain still stores its target.
     */
    private void stored(long now) {
        stored = applied;
        lastStoreNanos = now;
        appliedChangesAtStore = appliedChanges - changesAfterCommit;
    }

    private void restart(Exception cause) {
        if (++restarts > MAX_RESTARTS) {
            throw new ShadowbotException(ErrorCode.DATABASE, "the binlog stream failed " + MAX_RESTARTS
                    + " times in a row: " + cause.getMessage(), "check the server's log and that binlogs are retained", cause);
        }
        // Changes after the last applied commit are dropped and re-read from there.
        pending.values().forEach(Coalescer::clear);
        pendingChanges = 0;
        changesAfterCommit = 0;
        pendingCommit = null;
        stream.close();
        stream = streams.apply(applied);
    }

    /** Every change before this position is in the shadows. */
    public BinlogPosition applied() {
        return applied;
    }

    /** Items received but not yet applied. */
    public int backlog() {
        return stream.backlog() + pendingChanges;
    }

    /** Commit time (ms) of the last applied transaction. */
    public long appliedEventMillis() {
        return appliedEventMillis;
    }

    public long appliedChanges() {
        return appliedChanges;
    }

    @Override
    public void close() {
        stream.close();
    }
}
