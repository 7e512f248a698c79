package dev.shadowbot.engine.cutover;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swaps tables atomically with the sentry-table algorithm, which works on MySQL and MariaDB alike
 * ({@code RENAME TABLE} under {@code LOCK TABLES} is refused by MariaDB, error 1192):
 * <ol>
 *   <li>connection A creates a sentry table under each retired name and write-locks the live tables
 *       and the sentries;</li>
 *   <li>the change stream drains to the position read under the lock, so replacements equal live;</li>
 *   <li>connection B issues one {@code RENAME TABLE live TO retired, replacement TO live, …}, which
 *       blocks on the lock;</li>
 *   <li>once B is seen waiting, A drops the sentries and unlocks: B's rename runs before the queued
 *       writes, which then land in the new tables.</li>
 * </ol>
 * If A dies, its lock goes but the sentries stay, so B's rename fails: never half a swap. A failed
 * attempt cancels B first, then removes the sentries, and is retried with backoff.
 * See docs/cutover.md.
 */
public final class SentryCutover {
    private static final Logger LOG = LoggerFactory.getLogger(SentryCutover.class);
    private static final int ER_TABLE_EXISTS = 1050;
    /** The comment of every sentry table: only tables carrying it are ever dropped as leftovers. */
    public static final String SENTRY_COMMENT = "shadowbot cutover sentry: safe to drop when no cutover is running";

    private final DatabaseUrl url;
    private final String schema;
    private final CutoverOptions options;
    private final String label;
    /**
     * The sentries' engine, chosen from the server before the first attempt. On MariaDB MEMORY: its DROP, which clients wait
     * for, is about half an InnoDB table's (no tablespace file to delete; 10.11: median 1.7 vs 3.2 ms);
     * a server that refuses MEMORY ({@code enforce_storage_engine}) gets InnoDB. On MySQL InnoDB: with
     * {@code enforce_gtid_consistency} it refuses to LOCK a MEMORY table together with an InnoDB one.
     */
    private volatile String sentryEngine;
    /** The server, read before the first attempt. */
    private volatile ServerInfo serverInfo;

    /**
     * @param url     the target database (its path names the schema)
     * @param options timeouts and retries
     * @param label   deploy request id for log lines
     */
    public SentryCutover(DatabaseUrl url, CutoverOptions options, String label) {
        this.url = url;
        this.schema = url.databaseName().orElseThrow(() -> new IllegalArgumentException("URL names no schema"));
        this.options = options;
        this.label = label;
    }

    /**
     * A transaction open longer than the lock wait that holds one of the live tables (where the server
     * shows metadata locks; where it does not, any such transaction, except on the last attempt, whose
     * wait the lock wait bounds): the reason to back off, or null to go ahead.
     */
    private String longTransactionHolding(List<TableSwap> swaps, int attempt) {
        ServerInfo info = serverInfo;
        if (info == null) {
            return null;
        }
        List<String> live = swaps.stream().map(TableSwap::live).toList();
        try (Connection c = Connections.open(url)) {
            LongTransactions.Blocking b = LongTransactions.blocking(c, info, schema, live,
                    Math.max(1, options.lockWait().toSeconds()));
            if (b.who().isEmpty() || (!b.precise() && attempt >= options.attempts())) {
                return null;
            }
            return "a long transaction " + (b.precise() ? "holds the table: " : "is open: ") + String.join(", ", b.who());
        } catch (SQLException e) {
            return null; // no view of transactions: the bounded lock wait is the only guard
        }
    }

    /**
     * Refuses (with the fix, before anything is created or copied) a request whose cutover this server
     * could not do: several tables in one RENAME need a way to see granted metadata locks, which MySQL
     * without the lock instrument lacks (stock MariaDB is probed instead). For preflight.
     */
    public static void requireSupported(Connection c, ServerInfo info, int tables) {
        if (tables < 2) {
            return;
        }
        try {
            MdlView.requireOrProbe(c, info, tables);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the server's metadata lock support: " + e.getMessage(),
                    "check the connection; nothing was changed", e);
        }
    }

    /**
     * Swaps all tables in one atomic RENAME, retrying; throws DATABASE when every attempt failed. A request
     * that only creates tables has nothing to rename: no lock is taken and the result is zero attempts.
     */
    public CutoverResult swap(List<TableSwap> swaps, UnderLock underLock) {
        if (swaps.isEmpty()) {
            LOG.info("event=cutover.nothing_to_rename dr={}", label);
            return new CutoverResult(0, 0, 0, 0);
        }
        requireSafeOrder(swaps);
        boolean staged = swaps.size() > 1 || swaps.get(0).isRestore();
        MdlView view = inspectServer(swaps.size(), staged);
        String last = "";
        long backoff = options.backoff().toMillis();
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            String holder = longTransactionHolding(swaps, attempt);
            if (holder != null) {
                // Locking now would queue every writer behind that transaction for the whole lock wait:
                // back off instead, taking no lock (row-lock holders, open transactions on the tables).
                last = holder;
                LOG.warn("event=cutover.backoff dr={} tables={} attempt={} reason=\"{}\"", label, names(swaps), attempt, last);
                sleep(backoff);
                backoff *= 2;
                continue;
            }
            try {
                CutoverResult r = staged ? attemptStaged(swaps, underLock, attempt, view)
                        : attempt(swaps, underLock, attempt, view);
                LOG.info("event=cutover.done dr={} tables={} attempt={} lock_ms={} drain_ms={} rename_ms={}", label,
                        names(swaps), attempt, r.lockHeldMillis(), r.drainMillis(), r.renameMillis());
                return r;
            } catch (AttemptFailed e) {
                if (swappedOnServer(swaps)) {
                    // The RENAME ran after all (e.g. it finished after we stopped waiting): it is atomic, so
                    // every table is swapped. Report success rather than retry against swapped tables.
                    LOG.warn("event=cutover.done_despite_error dr={} tables={} attempt={} reason=\"{}\"", label,
                            names(swaps), attempt, e.getMessage());
                    return new CutoverResult(attempt, -1, -1, -1);
                }
                last = e.getMessage();
                LOG.warn("event=cutover.retry dr={} tables={} attempt={} reason=\"{}\"", label, names(swaps), attempt, last);
                sleep(backoff);
                backoff *= 2;
            }
        }
        throw new ShadowbotException(ErrorCode.DATABASE, "cutover of " + names(swaps) + " gave up after "
                + options.attempts() + " attempts: " + last,
                "nothing was swapped and the deploy request stays staged; find the long transaction or lock "
                        + "holding the tables (SHOW PROCESSLIST) and run cutover again");
    }

    private CutoverResult attempt(List<TableSwap> swaps, UnderLock underLock, int attempt, MdlView view) {
        // Threads started now: starting one under the lock costs milliseconds on a busy machine.
        ExecutorService renamer = started("cutover-rename-" + label);
        ExecutorService drainer = started("cutover-drain-" + label);
        Connection a = null;
        Connection b = null;
        Connection m = null;
        Future<?> rename = null;
        boolean locked = false;
        boolean sentries = false;
        long bId = -1;
        try {
            // Everything that needs no lock happens before it: connections (the lock view's watcher too),
            // ids, statements, and a first drain of the stream, so the clients wait only for the rest.
            a = Connections.open(url);
            b = Connections.open(url);
            m = Connections.open(url); // watches B while A drains
            removeStaleSentries(a, swaps);
            requireTables(a, swaps);
            setTimeouts(a, options.lockWait().toSeconds());
            // B waits for the lock at most as long as A may keep it: drain budget plus slack.
            setTimeouts(b, options.lockWait().toSeconds() + options.drainBudget().toSeconds() + 5);
            bId = connectionId(b);
            long aId = view == null ? -1 : connectionId(a);
            String lockSql = String.format(CutoverSql.LOCK_TABLES, swaps.stream()
                    .map(s -> Identifiers.quote(s.live()) + " WRITE, " + Identifiers.quote(s.retired()) + " WRITE")
                    .collect(Collectors.joining(", ")));
            String renameSql = String.format(CutoverSql.RENAME, swaps.stream()
                    .map(TableSwap::renameClause).collect(Collectors.joining(", ")));
            Set<String> before = view == null ? Set.of() : namesBefore(swaps, swaps.get(0).live(), view);
            long lockAsked;
            try (Statement st = a.createStatement()) {
                for (TableSwap s : swaps) {
                    createSentry(st, s.retired());
                }
                sentries = true;
                catchUp(drainer, underLock, a);
                lockAsked = System.nanoTime();
                st.execute(lockSql);
                locked = true;
            } catch (SQLException e) {
                throw new AttemptFailed("could not lock " + names(swaps) + ": " + e.getMessage());
            }
            long lockedAt = System.nanoTime();
            // B queues on the live table while we drain, unless it would first take the replacement the
            // drain writes to: only the sentry keeps its RENAME from running if we lose the lock early
            // (docs/cutover.md, "One table").
            Callable<Object> renameCall = renameOn(b, renameSql);
            boolean queueWhileDraining = queuesOnLiveFirst(swaps.get(0));
            if (queueWhileDraining) {
                rename = renamer.submit(renameCall);
            }
            Set<String> waitFor = new HashSet<>(before);
            if (view != null) {
                waitFor.removeAll(prelocked(view, m, aId, swaps.get(0)));
            }
            Connection lockConn = a;
            Future<?> drain = submit(drainer, () -> underLock.drain(lockConn));
            if (queueWhileDraining) {
                // B queued right after the lock: watch for it while A drains. Once queued on the live table
                // it stays there until A unlocks (or it dies, which only fails the attempt: the sentry stays
                // until after the drain), so seeing it before the drain ends is as good as after.
                try {
                    awaitQueued(view, m, bId, waitFor, swaps.get(0).live(), rename);
                } catch (AttemptFailed e) {
                    quietly(drain);
                    throw e;
                }
            }
            awaitWithinDrainBudget(drain, "drain", "under the lock");
            long drained = System.nanoTime();
            if (!queueWhileDraining) {
                rename = renamer.submit(renameCall);
                awaitQueued(view, m, bId, waitFor, swaps.get(0).live(), rename);
            }
            long seen = System.nanoTime();
            long dropped;
            try (Statement st = a.createStatement()) {
                for (TableSwap s : swaps) {
                    st.execute(String.format(CutoverSql.DROP_SENTRY, Identifiers.quote(s.retired())));
                }
                sentries = false;
                dropped = System.nanoTime();
                st.execute(CutoverSql.UNLOCK_TABLES);
                locked = false;
            } catch (SQLException e) {
                throw new AttemptFailed("could not release the sentries: " + e.getMessage());
            }
            long unlocked = System.nanoTime();
            CutoverResult r = awaitRename(rename, swaps, attempt, lockedAt, drained, unlocked);
            long renamed = System.nanoTime();
            LOG.info("event=cutover.parts dr={} tables={} lock_wait_us={} drain_us={} await_us={} drop_us={} unlock_us={} "
                            + "rename_us={} stall_us={}", label, names(swaps), us(lockAsked, lockedAt), us(lockedAt, drained),
                    us(drained, seen), us(seen, dropped), us(dropped, unlocked), us(unlocked, renamed),
                    us(lockAsked, renamed));
            return r;
        } catch (ShadowbotException e) {
            throw new AttemptFailed(e.getMessage());
        } finally {
            abandon(a, b, bId, rename, locked, sentries, swaps);
            renamer.shutdownNow();
            drainer.shutdownNow();
            close(a);
            close(b);
            close(m);
        }
    }

    /** Creates the sentry under {@code retired}: MEMORY, or InnoDB from the first refusal on. */
    private void createSentry(Statement st, String retired) throws SQLException {
        String name = Identifiers.quote(retired);
        if ("MEMORY".equals(sentryEngine)) {
            try {
                st.execute(String.format(CutoverSql.CREATE_SENTRY, name, "MEMORY"));
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_TABLE_EXISTS) {
                    throw e;
                }
                LOG.info("event=cutover.sentry_engine dr={} engine=InnoDB reason=\"{}\"", label, e.getMessage());
                sentryEngine = "InnoDB";
            }
        }
        st.execute(String.format(CutoverSql.CREATE_SENTRY, name, "InnoDB"));
    }

    /** B's statement, run on the renamer thread. */
    private static Callable<Object> renameOn(Connection b, String renameSql) {
        return () -> {
            try (Statement st = b.createStatement()) {
                st.execute(renameSql);
            }
            return null;
        };
    }

    /**
     * True when B's RENAME asks for the live table before any other name, whatever the server's case
     * folding: the replacement's name extends the live one (shadowbot's {@code <t>_shadowbot_<id>_new}
     * does) and the retired one sorts after it ({@link #requireSafeOrder}). Queued that early, B holds
     * nothing the drain writes to.
     */
    static boolean queuesOnLiveFirst(TableSwap s) {
        return s.replacement() == null || s.replacement().startsWith(s.live()) && !s.replacement().equals(s.live());
    }

    /**
     * After the last unlock: waits for B's RENAME and times the attempt. A RENAME whose connection died
     * after the server ran it (e.g. a KILL right after) still swapped every table: reported as done,
     * since retrying would report "nothing swapped" falsely.
     */
    private CutoverResult awaitRename(Future<?> rename, List<TableSwap> swaps, int attempt, long lockedAt, long drained,
                                      long unlocked) {
        try {
            rename.get(options.lockWait().toSeconds() + 10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!swappedOnServer(swaps)) {
                throw new AttemptFailed("RENAME failed: " + rootMessage(e));
            }
            LOG.warn("event=cutover.renamed_without_reply dr={} tables={} error=\"{}\"", label, names(swaps),
                    rootMessage(e));
        } catch (TimeoutException e) {
            throw new AttemptFailed("RENAME did not finish after the unlock");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailed("interrupted while renaming");
        }
        long renamed = System.nanoTime();
        return new CutoverResult(attempt, millis(lockedAt, unlocked), millis(lockedAt, drained), millis(unlocked, renamed));
    }

    /**
     * One look at the server before the attempts: picks the sentry engine and returns its view of granted
     * metadata locks (required for a staged swap, used when present otherwise).
     */
    private MdlView inspectServer(int tables, boolean required) {
        try (Connection c = Connections.open(url)) {
            ServerInfo info = ServerInfo.detect(c);
            serverInfo = info;
            sentryEngine = info.isMariaDb() ? "MEMORY" : "InnoDB";
            if (!required) {
                try {
                    return MdlView.require(c, info, tables);
                } catch (ShadowbotException unavailable) {
                    return null;
                }
            }
            return MdlView.requireOrProbe(c, info, tables);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the server's metadata lock support: " + e.getMessage(),
                    "check the connection; nothing was swapped", e);
        }
    }

    /**
     * The multi-table swap. One RENAME takes its metadata locks one name at a time in the servers' key
     * order, so one connection locking every table cannot release them all at once: writes queued on
     * the second table would run into its old table before the RENAME asks for it. Instead:
     * <ol>
     *   <li>one locking connection per table creates that table's sentry and write-locks the live table
     *       and the sentry, table after table in key order;</li>
     *   <li>with every table locked, the stream drains to the position read under the locks;</li>
     *   <li>connection B issues the one RENAME of all tables;</li>
     *   <li>for each table in key order: wait until the server shows B HOLDING (granted) every name of
     *       the RENAME that sorts before this live table, and waiting; B then waits for exactly this
     *       table, with an exclusive request that is granted ahead of the queued writes. Only then drop
     *       this table's sentry and unlock it.</li>
     * </ol>
     * A locking connection that dies early leaves its sentry, so B's RENAME fails once it has every
     * lock: nothing is swapped (the writes that ran meanwhile went to the still-live table).
     */
    private CutoverResult attemptStaged(List<TableSwap> given, UnderLock underLock, int attempt, MdlView view) {
        // Restores have no live table to lock (their name is free); the RENAME takes those names at once.
        List<TableSwap> swaps = given.stream().filter(s -> !s.isRestore())
                .sorted(Comparator.comparing(TableSwap::live, view.order())).toList();
        int n = swaps.size();
        ExecutorService renamer = Executors.newSingleThreadExecutor(r -> new Thread(r, "cutover-rename-" + label));
        Connection[] lockers = new Connection[n];
        long[] lockerIds = new long[n];
        boolean[] held = new boolean[n];
        Connection b = null;
        Connection m = null;
        Future<?> rename = null;
        long bId = -1;
        try {
            m = Connections.open(url);
            b = Connections.open(url);
            removeStaleSentries(m, swaps);
            requireTables(m, given);
            setTimeouts(b, options.lockWait().toSeconds() * n + options.drainBudget().toSeconds() + 5);
            bId = connectionId(b);
            for (int k = 0; k < n; k++) {
                TableSwap s = swaps.get(k);
                lockers[k] = Connections.open(url);
                setTimeouts(lockers[k], options.lockWait().toSeconds());
                lockerIds[k] = connectionId(lockers[k]);
                try (Statement st = lockers[k].createStatement()) {
                    createSentry(st, s.retired());
                    held[k] = true;
                } catch (SQLException e) {
                    throw new AttemptFailed("could not create the sentry of " + s.live() + ": " + e.getMessage());
                }
            }
            if (n > 0) {
                // As the single-table swap does: the drain under the locks then has only the last moment's changes.
                runBounded("catch up", "before the lock", () -> underLock.beforeLock(lockers[0]));
            }
            long lockedAt = n == 0 ? System.nanoTime() : lockAll(swaps, lockers, lockerIds);
            Set<String> prelocked = new HashSet<>();
            for (int k = 0; k < n; k++) {
                prelocked.addAll(prelocked(view, lockers[k], swaps.get(k)));
            }
            Connection drainConn = n == 0 ? m : lockers[0];
            runBounded("drain", "under the lock", () -> underLock.drain(drainConn));
            long drained = System.nanoTime();

            Connection renameConn = b;
            String renameSql = String.format(CutoverSql.RENAME, given.stream()
                    .map(TableSwap::renameClause).collect(Collectors.joining(", ")));
            rename = renamer.submit(() -> {
                try (Statement st = renameConn.createStatement()) {
                    st.execute(renameSql);
                }
                return null;
            });
            for (int k = 0; k < n; k++) {
                TableSwap s = swaps.get(k);
                Set<String> before = namesBefore(given, s.live(), view);
                before.removeAll(prelocked);
                awaitHolding(m, view, bId, before, s.live(), rename);
                try (Statement st = lockers[k].createStatement()) {
                    st.execute(String.format(CutoverSql.DROP_SENTRY, Identifiers.quote(s.retired())));
                    st.execute(CutoverSql.UNLOCK_TABLES);
                    held[k] = false;
                } catch (SQLException e) {
                    throw new AttemptFailed("could not release " + s.live() + ": " + e.getMessage());
                }
            }
            long unlocked = System.nanoTime();
            return awaitRename(rename, given, attempt, lockedAt, drained, unlocked);
        } catch (ShadowbotException e) {
            throw new AttemptFailed(e.getMessage());
        } finally {
            if (rename != null && !rename.isDone()) {
                killQuery(bId);
                try {
                    rename.get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // it failed, which is what we wanted
                }
            }
            for (int k = 0; k < n; k++) {
                if (held[k]) {
                    abandon(lockers[k], null, -1, null, true, true, List.of(swaps.get(k)));
                }
                close(lockers[k]);
            }
            renamer.shutdownNow();
            close(m);
            close(b);
        }
    }

    /**
     * Write-locks every live table and its sentry, one locker per table in key order, and returns when the
     * first was locked. A locker never waits long for its table while earlier ones are held: a client
     * transaction that wrote a later table and then waits for an earlier (locked) one would wait for us
     * while we wait for it, a cycle through this process that no server sees (both servers let the locker
     * time out, stalling every writer of the held tables for {@code lockWait}, again on every attempt:
     * MultiTableTxnCutoverIT). So a later table gets {@link #STEP_WAIT_MS}; if it is still busy, its
     * LOCK TABLES is cancelled, every lock taken is released (the sentries stay: nothing can swap) so
     * that transaction can finish, and all tables are locked again, within the attempt's {@code lockWait}.
     */
    private long lockAll(List<TableSwap> swaps, Connection[] lockers, long[] lockerIds) {
        long deadline = System.nanoTime() + options.lockWait().toNanos();
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "cutover-lock-" + label));
        int rounds = 0;
        try {
            while (true) {
                long lockedAt = 0;
                int k = 0;
                try {
                    for (; k < swaps.size(); k++) {
                        lockOne(ex, lockers[k], lockerIds[k], swaps.get(k), k > 0);
                        if (k == 0) {
                            lockedAt = System.nanoTime();
                        }
                    }
                    return lockedAt;
                } catch (Busy busy) {
                    for (int j = 0; j < k; j++) {
                        try (Statement st = lockers[j].createStatement()) {
                            st.execute(CutoverSql.UNLOCK_TABLES);
                        } catch (SQLException e) {
                            throw new AttemptFailed("could not release " + swaps.get(j).live() + ": " + e.getMessage());
                        }
                    }
                    LOG.info("event=cutover.relock dr={} busy_table={} round={}", label, swaps.get(k).live(), ++rounds);
                    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_WAIT_MS) > deadline) {
                        throw new AttemptFailed("could not lock " + swaps.get(k).live() + " while holding the tables"
                                + " before it, within " + options.lockWait().toSeconds() + " s: a transaction holds it"
                                + " (one that also writes an earlier table of this request, or a long one)");
                    }
                    sleep(STEP_PAUSE_MS);
                }
            }
        } finally {
            ex.shutdownNow();
        }
    }

    /** Milliseconds a locker waits for its table while earlier tables are held, and the pause after giving up. */
    private static final long STEP_WAIT_MS = 200;
    private static final long STEP_PAUSE_MS = 20;

    /** The locker's table is busy while earlier tables are held. */
    private static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy() {
            super(null, null, false, false);
        }
    }

    /** Cancels the statement a connection runs ({@code KILL QUERY}: the connection and its sentry stay). */
    private void cancelStatement(long id) {
        try (Connection c = Connections.open(url); Statement st = c.createStatement()) {
            st.execute("KILL QUERY " + id);
        } catch (SQLException | RuntimeException e) {
            // The statement ended meanwhile.
        }
    }

    private void lockOne(ExecutorService ex, Connection locker, long lockerId, TableSwap s, boolean bounded) throws Busy {
        String sql = String.format(CutoverSql.LOCK_TABLES, Identifiers.quote(s.live()) + " WRITE, "
                + Identifiers.quote(s.retired()) + " WRITE");
        Future<?> f = ex.submit(() -> {
            try (Statement st = locker.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
        try {
            try {
                f.get(bounded ? STEP_WAIT_MS : TimeUnit.SECONDS.toMillis(options.lockWait().toSeconds() + 10),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!bounded) {
                    throw new AttemptFailed("could not lock " + s.live() + ": LOCK TABLES did not return");
                }
                cancelStatement(lockerId); // the connection is busy with the statement: its id was read before
                try {
                    f.get(10, TimeUnit.SECONDS);
                    return; // it got the lock just before the cancel
                } catch (ExecutionException cancelled) {
                    throw new Busy();
                }
            }
        } catch (ExecutionException e) {
            throw new AttemptFailed("could not lock " + s.live() + ": " + rootMessage(e));
        } catch (TimeoutException e) {
            throw new AttemptFailed("could not cancel the lock of " + s.live());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailed("interrupted while locking " + s.live());
        }
    }

    /**
     * Names a locking connection holds besides its own live table and sentry: LOCK TABLES also locks the
     * tables the live table's triggers write to. If such a name is in the RENAME, the RENAME cannot hold
     * it before the unlock, so it is left out of the wait (the RENAME then queues on it, not on the live
     * table: the plain "waiting" guarantee of the single-table algorithm, no stronger).
     */
    private Set<String> prelocked(MdlView view, Connection locker, TableSwap own) {
        long lockerId = connectionId(locker);
        // Read on a connection of its own: under LOCK TABLES not every server allows performance_schema.
        try (Connection m = Connections.open(url)) {
            return prelocked(view, m, lockerId, own);
        } catch (SQLException e) {
            throw new AttemptFailed("could not read the lock holder's metadata locks: " + e.getMessage());
        }
    }

    /** {@link #prelocked(MdlView, Connection, TableSwap)} read on watcher {@code m}, not the locker. */
    private Set<String> prelocked(MdlView view, Connection m, long lockerId, TableSwap own) {
        if (view.probing()) {
            // No lock table to read. A trigger's table among the RENAME's names then cannot be held by it
            // before the unlock, so the attempt times out waiting for it: it fails safely, nothing swapped.
            return new HashSet<>();
        }
        try (PreparedStatement ps = m.prepareStatement(view.grantedSql())) {
            Set<String> names = view.granted(ps, lockerId, schema);
            names.remove(view.key(own.live()));
            names.remove(view.key(own.retired()));
            return names;
        } catch (SQLException e) {
            throw new AttemptFailed("could not read the lock holder's metadata locks: " + e.getMessage());
        }
    }

    /** The server's keys of every name in the RENAME that sorts before {@code live}. */
    private static Set<String> namesBefore(List<TableSwap> swaps, String live, MdlView view) {
        Set<String> before = new HashSet<>();
        for (TableSwap s : swaps) {
            for (String name : java.util.Arrays.asList(s.live(), s.replacement(), s.retired())) {
                if (name != null && view.order().compare(name, live) < 0) {
                    before.add(view.key(name));
                }
            }
        }
        return before;
    }

    /**
     * Waits until connection {@code bId} holds every name in {@code before} and waits for a metadata
     * lock: it then waits for {@code live}, the next name in its order, which is still locked by us.
     */
    private void awaitHolding(Connection m, MdlView view, long bId, Set<String> before, String live, Future<?> rename) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.lockWait().toSeconds() + 5);
        try (PreparedStatement granted = view.probing() ? null : m.prepareStatement(view.grantedSql());
             PreparedStatement state = m.prepareStatement(CutoverSql.WAITER_STATE)) {
            state.setLong(1, bId);
            while (System.nanoTime() < deadline) {
                if (rename.isDone()) {
                    try {
                        rename.get();
                        throw new AttemptFailed("RENAME returned while " + live + " was still locked");
                    } catch (ExecutionException e) {
                        throw new AttemptFailed("RENAME failed before it reached " + live + ": " + rootMessage(e));
                    }
                }
                // Holdings first, then the state: once B holds every earlier name it can only wait for live.
                if (view.holdsAll(m, granted, bId, before, schema)) {
                    if (renameWaitsForMetadataLock(state)) {
                        return;
                    }
                }
                Thread.sleep(1);
            }
        } catch (SQLException e) {
            throw new AttemptFailed("could not watch the RENAME's metadata locks: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailed("interrupted");
        }
        throw new AttemptFailed("the RENAME was never seen holding the names before " + live + " and waiting for it");
    }

    /**
     * RENAME takes its metadata locks one name at a time in byte order. It must be queued on the live
     * table (behind the lock, ahead of the clients' writes) when that table's lock is released; if the
     * retired name sorted first, the RENAME would wait on the sentry instead, and writes queued on the
     * live table would slip into the old table between UNLOCK and RENAME, after the drain: lost. With
     * several tables the same holds for every table, which {@link #attemptStaged} handles by releasing
     * the tables one by one in that order.
     */
    static void requireSafeOrder(List<TableSwap> swaps) {
        if (swaps.isEmpty()) {
            throw new IllegalArgumentException("nothing to swap");
        }
        for (TableSwap s : swaps) {
            if (!s.isRestore() && compareBytes(s.retired(), s.live()) <= 0) {
                throw new IllegalArgumentException("retired name `" + s.retired() + "` must sort after the live name `"
                        + s.live() + "` so the RENAME queues on the live table");
            }
        }
    }

    private static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    /** On any failure: stop B before the sentries go, so a half-done attempt can never swap. */
    private void abandon(Connection a, Connection b, long bId, Future<?> rename, boolean locked, boolean sentries,
                         List<TableSwap> swaps) {
        if (rename != null && !rename.isDone()) {
            killQuery(bId);
            try {
                rename.get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // it failed, which is what we wanted
            }
        }
        if (!sentries && !locked) {
            return;
        }
        try (Statement st = a.createStatement()) {
            for (TableSwap s : swaps) {
                if (!s.isRestore()) {
                    st.execute(String.format(CutoverSql.DROP_SENTRY, Identifiers.quote(s.retired())));
                }
            }
            st.execute(CutoverSql.UNLOCK_TABLES);
        } catch (SQLException | RuntimeException e) {
            // A is gone: its lock went with it; remove the sentries on a fresh connection.
            try (Connection c = Connections.open(url)) {
                removeStaleSentries(c, swaps);
            } catch (SQLException | RuntimeException e2) {
                LOG.error("event=cutover.sentry_left dr={} tables={} reason=\"{}\"", label, names(swaps), e2.getMessage());
            }
        }
    }

    /** The drain before the lock ({@link UnderLock#beforeLock}): outside it, but bounded like the one under it. */
    private void catchUp(ExecutorService drainer, UnderLock underLock, Connection a) {
        withinDrainBudget(drainer, "catch up", "before the lock", () -> underLock.beforeLock(a));
    }

    /** Runs a step of the stream on a thread of its own, within the drain budget. */
    private void runBounded(String verb, String where, Step step) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "cutover-drain-" + label));
        try {
            withinDrainBudget(ex, verb, where, step);
        } finally {
            ex.shutdownNow();
        }
    }

    /** A single-thread executor whose thread is already running. */
    private static ExecutorService started(String name) {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> new Thread(r, name));
        ex.prestartAllCoreThreads();
        return ex;
    }

    /** A step that may throw anything: its failure fails the attempt. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} on {@code ex}'s thread, failing the attempt once it exceeds the drain budget. */
    private void withinDrainBudget(ExecutorService ex, String verb, String where, Step step) {
        awaitWithinDrainBudget(submit(ex, step), verb, where);
    }

    private static Future<?> submit(ExecutorService ex, Step step) {
        return ex.submit(() -> {
            step.run();
            return null;
        });
    }

    /** Lets a step that no longer matters end by itself (within the drain budget) before the attempt is abandoned. */
    private void quietly(Future<?> step) {
        try {
            step.get(options.drainBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the attempt fails for another reason already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a step started on an executor, failing the attempt once it exceeds the drain budget. */
    private void awaitWithinDrainBudget(Future<?> f, String verb, String where) {
        try {
            f.get(options.drainBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AttemptFailed("the change stream did not " + verb + " within " + options.drainBudget().toMillis()
                    + " ms " + where);
        } catch (ExecutionException e) {
            throw new AttemptFailed("the stream's " + verb + " " + where + " failed: " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailed("interrupted during the stream's " + verb + " " + where);
        }
    }

    /**
     * Waits until B is queued on {@code live}: with the lock view, holding every name of {@code before}
     * (stronger than "waiting": it then waits for the live table and not for some earlier name, e.g. a
     * shadow read by an open transaction), else waiting for a metadata lock. On watcher {@code m}: A is
     * under LOCK TABLES and draining.
     */
    private void awaitQueued(MdlView view, Connection m, long bId, Set<String> before, String live, Future<?> rename) {
        if (view != null) {
            awaitHolding(m, view, bId, before, live, rename);
        } else {
            awaitWaiting(m, bId, rename);
        }
    }

    private void awaitWaiting(Connection m, long bId, Future<?> rename) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.lockWait().toSeconds() + 5);
        try (PreparedStatement ps = m.prepareStatement(CutoverSql.WAITER_STATE)) {
            ps.setLong(1, bId);
            while (System.nanoTime() < deadline) {
                if (rename.isDone()) {
                    try {
                        rename.get();
                        throw new AttemptFailed("RENAME returned while the tables were still locked");
                    } catch (ExecutionException e) {
                        throw new AttemptFailed("RENAME failed before it could wait: " + rootMessage(e));
                    }
                }
                if (renameWaitsForMetadataLock(ps)) {
                    return;
                }
                Thread.sleep(1);
            }
        } catch (SQLException e) {
            throw new AttemptFailed("could not watch the RENAME connection: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailed("interrupted");
        }
        throw new AttemptFailed("the RENAME was never seen waiting on the lock");
    }

    /** Drops leftover sentries of a dead attempt: only our marked, empty tables. */
    private void removeStaleSentries(Connection c, List<TableSwap> swaps) {
        for (TableSwap s : swaps) {
            if (s.isRestore()) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
                ps.setString(1, schema);
                ps.setString(2, s.retired());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if (!SENTRY_COMMENT.equals(rs.getString(1))) {
                            throw new ShadowbotException(ErrorCode.CONFLICT, "table `" + s.retired()
                                    + "` already exists and is not a cutover sentry",
                                    "rename or drop it; shadowbot needs that name for the old `" + s.live() + "`");
                        }
                        try (Statement st = c.createStatement()) {
                            st.execute(String.format(CutoverSql.DROP_SENTRY, Identifiers.quote(s.retired())));
                        }
                        LOG.warn("event=cutover.stale_sentry_dropped dr={} table={}", label, s.retired());
                    }
                }
            } catch (SQLException e) {
                throw new AttemptFailed("could not check for leftover sentries: " + e.getMessage());
            }
        }
    }

    /** Runs the processlist query (STATE, INFO of the renamer): true when it is a RENAME waiting for a metadata lock. */
    private static boolean renameWaitsForMetadataLock(PreparedStatement processlist) throws SQLException {
        try (ResultSet rs = processlist.executeQuery()) {
            if (!rs.next()) {
                return false;
            }
            String state = String.valueOf(rs.getString(1)).toLowerCase(Locale.ROOT);
            String info = String.valueOf(rs.getString(2)).toUpperCase(Locale.ROOT);
            return state.contains("metadata lock") && info.startsWith("RENAME");
        }
    }

    /**
     * True when the server shows every table swapped: each retired name is a real table (not a sentry)
     * and each replacement name is gone; a restore's table is back under its name.
     */
    private boolean swappedOnServer(List<TableSwap> swaps) {
        try (Connection c = Connections.open(url);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            for (TableSwap s : swaps) {
                if (s.replacement() != null && exists(c, s.replacement())) {
                    return false;
                }
                if (s.isRestore()) {
                    if (!exists(c, s.live())) {
                        return false;
                    }
                    continue;
                }
                if (s.isDrop() && exists(c, s.live())) {
                    return false;
                }
                ps.setString(1, schema);
                ps.setString(2, s.retired());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || SENTRY_COMMENT.equals(rs.getString(1))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void requireTables(Connection c, List<TableSwap> swaps) {
        for (TableSwap s : swaps) {
            for (String t : java.util.Arrays.asList(s.isRestore() ? null : s.live(), s.replacement())) {
                if (t != null && !exists(c, t)) {
                    throw new ShadowbotException(ErrorCode.CONFLICT, "table `" + t + "` is missing, cannot swap "
                            + s.live(), "check the deploy request's status; nothing was changed");
                }
            }
            if (s.isRestore() && exists(c, s.live())) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "table `" + s.live() + "` exists again, so the dropped "
                        + "table kept as `" + s.replacement() + "` cannot get its name back",
                        "rename or drop the new `" + s.live() + "` and try again; nothing was changed");
            }
        }
    }

    private boolean exists(Connection c, String table) {
        try (PreparedStatement ps = c.prepareStatement(CutoverSql.TABLE_EXISTS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new AttemptFailed("could not read information_schema: " + e.getMessage());
        }
    }

    private static void setTimeouts(Connection c, long seconds) throws AttemptFailed {
        try (PreparedStatement ps = c.prepareStatement(CutoverSql.SET_LOCK_WAIT);
             PreparedStatement ps2 = c.prepareStatement(CutoverSql.SET_INNODB_WAIT)) {
            ps.setLong(1, seconds);
            ps.execute();
            ps2.setLong(1, seconds);
            ps2.execute();
        } catch (SQLException e) {
            throw new AttemptFailed("could not set lock timeouts: " + e.getMessage());
        }
    }

    private static long connectionId(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(CutoverSql.CONNECTION_ID)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AttemptFailed("could not read the connection id: " + e.getMessage());
        }
    }

    private void killQuery(long id) {
        if (id < 0) {
            return;
        }
        try (Connection c = Connections.open(url); Statement st = c.createStatement()) {
            st.execute(String.format(CutoverSql.KILL, id));
        } catch (SQLException | RuntimeException e) {
            // Already gone.
        }
    }

    private static String names(List<TableSwap> swaps) {
        return swaps.stream().map(TableSwap::live).collect(Collectors.joining(","));
    }

    private static long us(long from, long to) {
        return TimeUnit.NANOSECONDS.toMicros(to - from);
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a dead connection
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One attempt failed; the swap is retried. */
    private static final class AttemptFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AttemptFailed(String message) {
            super(message);
        }
    }
}
