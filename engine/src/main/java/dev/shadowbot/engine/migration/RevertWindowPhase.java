package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.ReverseApplier;
import dev.shadowbot.engine.cutover.AutoIncrements;
import dev.shadowbot.engine.cutover.CutoverResult;
import dev.shadowbot.engine.cutover.SentryCutover;
import dev.shadowbot.engine.cutover.TableSwap;
import dev.shadowbot.engine.cutover.UnderLock;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.store.DeployRequestRecord;
import dev.shadowbot.engine.store.DeployStatus;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revert window (state {@code reverse_syncing}): keeps the old table in sync with the live one
 * ({@link ReverseSync}) until a revert is requested (the sentry swap with roles swapped), the window is
 * closed by {@code skip-revert}, or it ends (then the request completes and its old table is dropped
 * afterwards, in small steps, by the same driver). The first change the old table cannot take stops the reverse sync and marks the
 * request not revertible; the window then only waits for its end.
 */
final class RevertWindowPhase {
    private static final Logger LOG = LoggerFactory.getLogger(RevertWindowPhase.class);
    static final String REVERT = "revert";
    static final String SKIP_REVERT = "skip_revert";
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final DriverEnv env;
    private final Consumer<DeployStatus> move;
    private final List<ReverseSync.Names> names;
    private ReverseSync sync;

    private RevertWindowPhase(DriverEnv env, Consumer<DeployStatus> move) {
        this.env = env;
        this.move = move;
        this.names = ReverseSync.names(env);
    }

    /** Quarantine names of the request's dropped tables. */
    static List<String> quarantined(DriverEnv env) {
        return env.spec().drops().stream().map(d -> CutoverPhase.retired(env, d)).toList();
    }

    /** A request that only drops tables has nothing to keep in sync: its quarantined tables get no writes. */
    private boolean needsSync() {
        return !names.isEmpty();
    }

    /** Runs the window to its end: the request is then {@code complete} or {@code reverted}. */
    static void run(DriverEnv env, Consumer<DeployStatus> move) throws Exception {
        new RevertWindowPhase(env, move).loop();
    }

    private void loop() throws Exception {
        Long stored = env.store().get(env.id()).revertWindowSeconds();
        env.store().setWindowEndIfMissing(env.id(), stored != null ? stored : env.options().revertWindow().toSeconds());
        try {
            DeployRequestRecord rec = env.store().get(env.id());
            // A window that ended while no driver ran is closed at once, without reading its backlog.
            if (rec.notRevertible() == null && needsSync() && !rec.windowOver()
                    && !SKIP_REVERT.equals(rec.controlRequest())) {
                openSync(rec.checkpoint().orElseThrow());
            }
            long nextCheck = 0;
            while (true) {
                env.beat();
                if (System.nanoTime() >= nextCheck) {
                    rec = env.store().get(env.id());
                    nextCheck = System.nanoTime() + 500_000_000L;
                    if (SKIP_REVERT.equals(rec.controlRequest()) || rec.windowOver()) {
                        closeWindow(SKIP_REVERT.equals(rec.controlRequest()) ? "skip_revert" : "window_over");
                        return;
                    }
                    if (REVERT.equals(rec.controlRequest()) && revert(rec)) {
                        return;
                    }
                }
                if (sync != null) {
                    pump();
                } else {
                    Thread.sleep(200);
                }
            }
        } finally {
            stopSync();
        }
    }

    private void openSync(BinlogPosition from) {
        StringBuilder whyNot = new StringBuilder();
        Optional<ReverseSync> s;
        try {
            s = ReverseSync.open(env, names, from, whyNot);
        } catch (ShadowbotException e) {
            // E.g. the binlogs since the checkpoint are gone: the new schema stays live, only the revert is lost.
            notRevertible("the reverse sync cannot start: " + e.userMessage());
            return;
        }
        if (s.isEmpty()) {
            notRevertible(whyNot.toString());
        }
        sync = s.orElse(null);
    }

    private void pump() throws Exception {
        try {
            sync.applier().pump(200);
        } catch (ReverseApplier.RowRejected r) {
            notRevertible(r.describe());
        } catch (DriverEnv.Stop stop) {
            throw stop;
        } catch (ShadowbotException | java.sql.SQLException e) {
            env.beat(); // a driver being stopped or crashed throws here: that records nothing
            // The stream failed past its own restarts (or the old table refused a write for another reason).
            // The deploy succeeded: keep the new schema live, give up the revert only, close the window as usual.
            notRevertible("the reverse sync stopped: " + (e instanceof ShadowbotException se ? se.userMessage()
                    : e.getMessage()));
        }
    }

    private void notRevertible(String reason) {
        env.store().markNotRevertible(env.id(), reason);
        LOG.warn("event=not_revertible {} reason=\"{}\"", env.tag(), reason);
        stopSync();
    }

    private void stopSync() {
        if (sync != null) {
            sync.close();
            sync = null;
        }
    }

    private void closeWindow(String why) {
        stopSync();
        if (SKIP_REVERT.equals(why)) {
            env.store().markNotRevertible(env.id(), "the revert window was closed by skip-revert");
        }
        // The outcome first: the new schema is live for good once the reverse sync stopped. A waiting caller
        // (cutover with no window, skip-revert) returns now; the old tables are only garbage, dropped below by
        // this driver (or, should it die, by RevertedLeftovers on the next start, resume or status). State
        // before the control request: a waiting caller reads "window, no request" as a failure.
        move.accept(DeployStatus.COMPLETE);
        env.store().clearControl(env.id());
        LOG.info("event=window_closed {} reason={}", env.tag(), why);
        List<String> retired = new java.util.ArrayList<>(names.stream().map(ReverseSync.Names::old).toList());
        retired.addAll(quarantined(env));
        dropRetired(env, retired);
    }

    /** Drops tables nobody uses any more; one that cannot be dropped is logged and left for RevertedLeftovers. */
    private static void dropRetired(DriverEnv env, List<String> tables) {
        for (String t : tables) {
            try {
                OldTableDrop.drop(env, t);
            } catch (ShadowbotException e) {
                LOG.warn("event=retired_table_left {} table={} error=\"{}\"", env.tag(), t, e.userMessage());
            }
        }
    }

    /**
     * Applies the backlog (e.g. everything written while no driver ran) before taking the write lock, so
     * the drain under the lock only has the last moments to apply.
     */
    private void catchUp() {
        java.sql.Connection c = env.open();
        try {
            long start = System.nanoTime();
            long before = sync.applier().appliedChanges();
            BinlogPosition now = BinlogPositions.current(c, env.info());
            sync.applier().drainTo(now, CATCH_UP);
            LOG.info("event=revert_caught_up {} changes={} ms={}", env.tag(), sync.applier().appliedChanges() - before,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (ReverseApplier.RowRejected r) {
            notRevertible(r.describe()); // the swap attempt below refuses at once
        } catch (Exception e) {
            LOG.warn("event=revert_catch_up_incomplete {} error=\"{}\"", env.tag(), e.getMessage());
        } finally {
            env.close(c);
        }
    }

    /** The revert's swap: every old table back, every quarantined table restored under its name. */
    private List<TableSwap> swapsBack() {
        List<TableSwap> swaps = new java.util.ArrayList<>(names.stream()
                .map(n -> new TableSwap(n.live(), n.old(), n.reverted())).toList());
        for (String d : env.spec().drops()) {
            swaps.add(TableSwap.restore(d, CutoverPhase.retired(env, d)));
        }
        return swaps;
    }

    /** One revert (with the cutover's own retries); true when the old table is live again. */
    private boolean revert(DeployRequestRecord rec) {
        if (rec.notRevertible() != null || (needsSync() && sync == null)) {
            String reason = rec.notRevertible() != null ? rec.notRevertible() : "the reverse sync is not running";
            env.store().setError(env.id(), "revert refused: " + reason);
            env.store().clearControl(env.id());
            return false;
        }
        move.accept(DeployStatus.REVERTING);
        if (needsSync()) {
            catchUp();
        }
        if (needsSync() && sync == null) { // the backlog held a change the old table cannot take
            env.store().setError(env.id(), "revert refused: " + env.store().get(env.id()).notRevertible());
            move.accept(DeployStatus.REVERSE_SYNCING);
            env.store().clearControl(env.id());
            return false;
        }
        AtomicReference<ReverseApplier.RowRejected> rejected = new AtomicReference<>();
        Duration budget = env.options().cutover().drainBudget();
        Duration drain = budget.minusSeconds(1).isNegative() ? budget : budget.minusSeconds(1);
        CutoverResult result;
        try {
            result = new SentryCutover(env.url(), env.options().cutover(), env.id() + "-revert").swap(
                    swapsBack(), new UnderLock() {
                        @Override
                        public void beforeLock(Connection c) throws Exception {
                            // Catch up just before the lock (as the cutover does): the drain under it, which
                            // the clients wait for, then has only the last moment's changes.
                            drainTo(c);
                        }

                        @Override
                        public void drain(Connection lock) throws Exception {
                            drainTo(lock);
                            if (sync != null) {
                                Connection ddl = env.open(); // the old table is not locked: raise its counter
                                try {
                                    for (ReverseSync.Names n : names) {
                                        AutoIncrements.carry(ddl, env.schema(), n.live(), n.old());
                                    }
                                } finally {
                                    env.close(ddl);
                                }
                            }
                        }

                        private void drainTo(Connection c) throws Exception {
                            if (rejected.get() != null) {
                                throw rejected.get();
                            }
                            if (sync == null) {
                                return; // only quarantined tables: nothing was written to them
                            }
                            BinlogPosition p = BinlogPositions.current(c, env.info());
                            try {
                                sync.applier().drainTo(p, drain);
                            } catch (ReverseApplier.RowRejected r) {
                                rejected.set(r);
                                throw r;
                            }
                        }
                    });
        } catch (ShadowbotException e) {
            // Nothing was swapped: back to the window, say why.
            String why = rejected.get() != null ? rejected.get().describe() : e.userMessage();
            if (rejected.get() != null) {
                notRevertible(rejected.get().describe());
            }
            env.store().setError(env.id(), "revert failed: " + why);
            move.accept(DeployStatus.REVERSE_SYNCING);
            env.store().clearControl(env.id());
            LOG.warn("event=revert_failed {} error=\"{}\"", env.tag(), why);
            return false;
        }
        stopSync();
        env.store().setRevertLock(env.id(), result.lockHeldMillis());
        LOG.info("event=reverted {} tables={} lock_ms={} attempts={}", env.tag(),
                names.stream().map(ReverseSync.Names::live).toList(), result.lockHeldMillis(), result.attempts());
        // The old schema is live with every row: that is the revert. The retired new tables are dropped
        // afterwards, in steps, by this driver; `revert` callers do not wait for it (1M rows take seconds).
        move.accept(DeployStatus.REVERTED);
        env.store().clearControl(env.id());
        dropRetired(env, names.stream().map(ReverseSync.Names::reverted).toList());
        return true;
    }
}
