package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositionCheck;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.migration.preflight.Preflight;
import dev.shadowbot.engine.store.DeployRequestRecord;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.store.SidecarStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's migration API for the CLI and the bot: start a deploy request, drive it to staged
 * (and keep it in sync), report its state, cancel it, resume it after a crash. One instance per
 * target server; drivers run on background threads of this instance and hold a lease in the sidecar
 * store, so two processes never drive the same request.
 */
public final class MigrationService implements AutoCloseable {
    private final DatabaseUrl url;
    private final MigrationOptions options;
    private final SidecarStore store;
    private final ServerInfo info;
    private final Map<Long, DeployDriver> drivers = new ConcurrentHashMap<>();

    private MigrationService(DatabaseUrl url, MigrationOptions options) {
        this.url = url;
        this.options = options;
        try (Connection c = Connections.open(url.withDatabase(""))) {
            this.info = ServerInfo.detect(c);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the server version: " + e.getMessage(), "check the server", e);
        }
        this.store = SidecarStore.open(url);
    }

    /** A service for the server of {@code url} (its database part is ignored; specs name the schema). */
    public static MigrationService connect(DatabaseUrl url, MigrationOptions options) {
        return new MigrationService(url, options);
    }

    public static MigrationService connect(DatabaseUrl url) {
        return connect(url, MigrationOptions.defaults());
    }

    /**
     * The server-level checks of {@link #start} alone, without opening (or creating) the sidecar store: a
     * refusal then leaves nothing behind, not even an empty {@code _shadowbot} schema. {@code start} runs
     * them again. Where the store exists already nothing is checked here: {@code start} first waits for a
     * finished request's retired tables still being dropped, which these checks would refuse at once.
     */
    public static void preflight(DatabaseUrl url, DeploySpec spec) {
        spec.validate();
        try (Connection c = Connections.open(url.withDatabase(spec.schema()))) {
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
                ps.setString(1, SidecarStore.schemaName());
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
            PreflightPhase.run(c, ServerInfo.detect(c), spec, url.host(), Preflight.standard());
        } catch (SQLException e) {
            throw ShadowbotException.database(e.getMessage(), "check the server", e);
        }
    }

    /**
     * Checks the server and stores a new deploy request in state {@code queued}. Refuses (nothing stored,
     * nothing changed) when the spec is invalid or preflight fails.
     */
    public DeployState start(DeploySpec spec) {
        spec.validate();
        // An ended window keeps its old table, which preflight would refuse a new deploy of that table for; so
        // does a closed window whose driver is still dropping it: wait for that drop (and only for it).
        finishExpiredWindows(spec.schema(), WINDOW_FINISH, true);
        try (Connection c = Connections.open(url.withDatabase(spec.schema()))) {
            PreflightPhase.run(c, info, spec, url.host(), Preflight.standard());
        } catch (SQLException e) {
            throw ShadowbotException.database(e.getMessage(), "check the server", e);
        }
        DeploySpec decided = InstantPath.decide(url, info, spec);
        long id = store.createDeployRequest(spec.schema(), decided.toJson(), options.revertWindow().toSeconds(), drId -> spec.alters().stream()
                .map(t -> new SidecarStore.NewMigration(t.table(), ShadowNames.shadow(drId, t.table()), t.alterClauses()))
                .toList(), spec.drops());
        return status(id);
    }

    /**
     * Drives the request until it is staged (or fails), then returns while a background driver keeps
     * the shadows in sync. Resumes from the stored checkpoint when the request was started before.
     */
    public DeployState runUntilStaged(long id, Duration timeout) {
        DeployDriver d = driver(id);
        try {
            d.settled().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ShadowbotException se) {
                throw se;
            }
            throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + id + " failed: " + cause,
                    "see the log; 'shadowbot status --id " + id + "' shows the stored error", cause);
        } catch (TimeoutException e) {
            throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + id + " is not staged after " + timeout,
                    "it keeps running; check 'shadowbot status --id " + id + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShadowbotException(ErrorCode.INTERNAL, "interrupted", "");
        }
        return status(id);
    }

    /** Same as {@link #runUntilStaged}: a new process picks up a request where the last driver stopped. */
    public DeployState resume(long id, Duration timeout) {
        finishExpiredWindows(WINDOW_FINISH);
        return runUntilStaged(id, timeout);
    }

    /** How long a resume waits for a failed driver of the same request to finish its cleanup. */
    private static final Duration DRIVER_CLEANUP = Duration.ofSeconds(30);

    /** How long start/resume wait for expired windows to close (dropping old tables in steps). */
    private static final Duration WINDOW_FINISH = Duration.ofMinutes(10);

    /**
     * Closes every revert window that has ended (server clock) while no driver ran, e.g. the CLI exited
     * after the cutover, or was closed by {@code skip-revert} whose driver died while dropping: stops its
     * reverse sync, drops its old and quarantined tables in small steps and marks the request complete.
     * Then it finishes the drop of the retired new tables ({@code _rev}) of reverted requests whose driver
     * died while dropping them (only tables the store names for such a request). Requests another live driver holds are left to it (it closes them
     * itself). For the bot to call on a timer; {@code start} and {@code resume} call it too, and
     * {@code status} of an ended window starts closing it without waiting. Returns the ids completed here; a request that could not be closed keeps its state and the
     * error is recorded on it.
     */
    public List<Long> finishExpiredWindows(Duration timeout) {
        return finishExpiredWindows(null, timeout);
    }

    /** Same, for the requests of one schema only ({@code null}: every schema). */
    private List<Long> finishExpiredWindows(String schema, Duration timeout) {
        return finishExpiredWindows(schema, timeout, false);
    }

    /** Same; with {@code waitForDrops} a retired table another driver (here or elsewhere) is dropping is waited for. */
    private List<Long> finishExpiredWindows(String schema, Duration timeout, boolean waitForDrops) {
        List<Long> done = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long id : store.expiredWindows()) {
            if (schema != null && !schema.equals(store.get(id).schema())) {
                continue;
            }
            if (finishExpiredWindow(id, deadline)) {
                done.add(id);
            }
        }
        // A revert's retired tables are dropped after the request is reverted (terminal): finish a dead driver's drop.
        if (waitForDrops) {
            awaitLocalCleanup(schema, deadline);
        }
        RevertedLeftovers.drop(url, info, store, options, schema, r -> true, this::drivenHere, waitForDrops, deadline);
        return done;
    }

    /** Waits for this process's drivers of finished requests (of {@code schema}) to end their drops. */
    private void awaitLocalCleanup(String schema, long deadline) {
        for (Map.Entry<Long, DeployDriver> e : drivers.entrySet()) {
            DeployRequestRecord rec = store.get(e.getKey());
            if (e.getValue().isAlive() && rec.status().isTerminal() && (schema == null || schema.equals(rec.schema()))) {
                e.getValue().awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
    }

    /**
     * The retired tables of a finished request (complete: its old and quarantined tables; reverted: its
     * retired new tables) that are not dropped yet: the cleanup that goes on after the command that reached
     * the outcome returned. Empty while the request is unfinished or once the cleanup is done.
     */
    public List<String> pendingCleanup(long id) {
        return RevertedLeftovers.pending(url, store, store.get(id));
    }

    /** True while a driver of this process is still dropping the retired tables of a finished request. */
    public boolean cleaningUpHere(long id) {
        return drivenHere(id) && store.get(id).status().isTerminal();
    }

    /**
     * Finishes the cleanup of a finished request in this process: waits for this process's driver of it,
     * then drops what is left (waiting for a driver elsewhere that holds the request). Returns the tables
     * still left (empty when done). For the background process a command hands its cleanup to.
     */
    public List<String> finishCleanup(long id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        DeployDriver d = drivers.get(id);
        if (d != null) {
            d.awaitFinished(timeout);
        }
        String schema = store.get(id).schema();
        RevertedLeftovers.drop(url, info, store, options, schema, r -> r == id, this::drivenHere, true, deadline);
        return pendingCleanup(id);
    }

    /**
     * A status read of an ended window nobody drives starts a driver here that closes it, without waiting
     * (status pages must not block on dropping tables); {@link #finishExpiredWindows} waits.
     */
    private void closeEndedWindowInBackground(long id) {
        DeployDriver d = drivers.get(id);
        if ((d == null || !d.isAlive()) && store.leaseHolder(DeployDriver.leaseResource(id)).isEmpty()) {
            try {
                driver(id);
            } catch (ShadowbotException e) {
                // it just finished elsewhere: nothing to close
            }
        }
    }

    private boolean drivenHere(long id) {
        DeployDriver d = drivers.get(id);
        return d != null && d.isAlive();
    }

    private boolean finishExpiredWindow(long id, long deadline) {
        DeployDriver d = drivers.get(id);
        if ((d == null || !d.isAlive()) && store.leaseHolder(DeployDriver.leaseResource(id)).isPresent()) {
            return false; // another process drives it and closes the window itself
        }
        if (d == null || !d.isAlive()) {
            d = driver(id);
        }
        while (System.nanoTime() < deadline) {
            DeployRequestRecord rec = store.get(id);
            if (rec.status() == DeployStatus.COMPLETE) {
                // Complete comes before the old tables' drop: this call's callers (a timer, start) wait for it.
                d.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                return true;
            }
            if (rec.status() != DeployStatus.REVERSE_SYNCING || !d.isAlive()) {
                return false;
            }
            sleep(100);
        }
        return false;
    }

    private synchronized DeployDriver driver(long id) {
        DeployDriver d = drivers.get(id);
        if (d != null && d.isAlive() && d.failed()) {
            // It reported its error and is still closing its connections and releasing its lease: a resume
            // right after the error must start a new driver, not be handed the dying one's error again.
            d.awaitFinished(DRIVER_CLEANUP);
        }
        if (d != null && d.isAlive()) {
            return d;
        }
        DeployRequestRecord rec = store.get(id);
        if (rec.status().isTerminal()) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " is " + rec.status().dbName(),
                    rec.error() == null ? "start a new deploy request" : "error was: " + rec.error());
        }
        d = new DeployDriver(id, url, info, store, options);
        drivers.put(id, d);
        d.start();
        return d;
    }

    /** The stored state, with lag when this process drives the request. */
    public DeployState status(long id) {
        DeployRequestRecord rec = store.get(id);
        if (rec.status() == DeployStatus.REVERSE_SYNCING && rec.windowOver()) {
            closeEndedWindowInBackground(id);
        }
        DeploySpec spec = DeploySpec.fromJson(rec.specJson());
        List<DeployState.TableState> tables = store.migrations(id).stream()
                .map(m -> new DeployState.TableState(m.table(), m.shadowTable(), m.status().dbName(), m.rowsCopied(),
                        m.rowsTotal()))
                .toList();
        Double lagSeconds = null;
        Long lagEvents = null;
        DeployDriver d = drivers.get(id);
        StreamApplier a = d == null || !d.isAlive() ? null : d.applier();
        if (a != null) {
            int backlog = a.backlog();
            lagEvents = (long) backlog;
            long applied = a.appliedEventMillis();
            lagSeconds = backlog == 0 || applied == 0 ? 0.0 : Math.max(0, System.currentTimeMillis() - applied) / 1000.0;
        } else if (!rec.status().isTerminal()) {
            // Driven by another process: the lag it recorded with a recent lease renewal (renewals are <= 5 s apart).
            try {
                java.util.Optional<long[]> recorded = store.notes().recentLag(id, 11);
                if (recorded.isPresent()) {
                    lagSeconds = recorded.get()[0] / 1000.0;
                    lagEvents = recorded.get()[1];
                }
            } catch (ShadowbotException e) {
                // The lag is extra information: without it the status shows none, it does not fail.
            }
        }
        return new DeployState(rec.id(), rec.schema(), rec.status().dbName(), tables, lagSeconds, lagEvents,
                rec.checkpoint().map(BinlogPosition::toString).orElse(""),
                store.leaseHolder(DeployDriver.leaseResource(id)).orElse(""), rec.error(), rec.cutoverLockMillis(),
                rec.windowEndsAt() == null ? null : rec.windowEndsAt().toString(), rec.notRevertible(),
                rec.revertLockMillis(), InstantPath.path(spec), InstantPath.notes(spec));
    }

    /** The newest unfinished deploy request of a schema. */
    public Optional<Long> latestActive(String schema) {
        return store.latestActive(schema);
    }

    public Optional<Long> latest() {
        return store.latest();
    }

    /** The newest {@code limit} deploy requests of {@code schema} (null: of the whole server), newest first. */
    public List<Long> recent(String schema, int limit) {
        return store.recent(schema, limit);
    }

    /**
     * Cancels: stops the stream and drops the shadows. When another process drives the request it
     * is asked through the store and this call waits up to {@code timeout}; when none is alive this
     * call takes over and cancels itself.
     */
    public DeployState cancel(long id, Duration timeout) {
        DeployRequestRecord before = store.get(id);
        if (before.status() == DeployStatus.REVERSE_SYNCING || before.status() == DeployStatus.REVERTING) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " is already cut over ("
                    + before.status().dbName() + ") and cannot be cancelled",
                    "run 'shadowbot revert --id " + id + "' to get the old schema back, or 'shadowbot skip-revert --id "
                            + id + "' to keep the new one");
        }
        DeployDriver d = drivers.get(id);
        if (d != null && d.isAlive()) {
            d.cancel();
            return status(id);
        }
        DeployRequestRecord rec = store.get(id);
        if (rec.status() == DeployStatus.CANCELLED) {
            return status(id);
        }
        if (rec.status() == DeployStatus.FAILED) {
            // Failed stays failed (terminal states never change); what it may have left behind goes.
            Cancellation.dropShadows(store, url, id);
            return status(id);
        }
        if (rec.status().isTerminal()) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " is " + rec.status().dbName()
                    + " and cannot be cancelled", "nothing to do");
        }

        store.requestControl(id, "cancel");
        String resource = DeployDriver.leaseResource(id);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (store.get(id).status() == DeployStatus.CANCELLED) {
                return status(id);
            }
            if (store.acquireLease(resource, options.owner(), options.leaseSeconds())) {
                try {
                    Cancellation.dropShadowsAndCancel(store, url, id, store.get(id).status());
                } finally {
                    store.releaseLease(resource, options.owner());
                }
                return status(id);
            }
            sleep(250);
        }
        throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " was not cancelled within " + timeout,
                "its driver (" + store.leaseHolder(resource).orElse("?") + ") has the request; try again");
    }

    /**
     * Cuts over a staged request: asks its driver (in this process or another) through the store and
     * waits for the result; when no driver is alive, this process resumes it first. Returns the
     * completed state; throws DATABASE when the swap gave up (nothing swapped, still staged), and
     * {@link ErrorCode#BINLOG_GONE} at once when the stream cannot resume at the stored checkpoint because
     * the server no longer has the binlogs since then (the cutover request is withdrawn, nothing changes).
     */
    public DeployState cutover(long id, Duration timeout) {
        DeployRequestRecord rec = store.get(id);
        if (rec.status() == DeployStatus.COMPLETE || rec.status() == DeployStatus.REVERSE_SYNCING) {
            return status(id);
        }
        if (rec.status() != DeployStatus.STAGED && rec.status() != DeployStatus.CUTTING_OVER) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " is " + rec.status().dbName()
                    + "; only a staged request can cut over", "wait for staged ('shadowbot status --id " + id + "')");
        }
        store.requestControl(id, StagedPhase.CUTOVER);
        wake(id);
        DeployDriver local = drivers.get(id);
        if ((local == null || !local.isAlive()) && store.leaseHolder(DeployDriver.leaseResource(id)).isEmpty()) {
            driver(id);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            refuseIfStreamGone(id);
            DeployRequestRecord now = store.get(id);
            // With no window (0) the request goes on to complete at once: wait for that.
            if (now.status() == DeployStatus.COMPLETE
                    || (now.status() == DeployStatus.REVERSE_SYNCING && !now.windowOver())) {
                return status(id);
            }
            if (now.status().isTerminal()) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " ended " + now.status().dbName()
                        + " instead of cutting over", now.error() == null ? "" : now.error());
            }
            if (now.status() == DeployStatus.STAGED && now.controlRequest() == null) {
                throw new ShadowbotException(ErrorCode.DATABASE, "cutover of deploy request " + id + " failed: "
                        + now.error(), "nothing was swapped and it stays staged; fix the cause and run cutover again");
            }
            DeployDriver d = drivers.get(id);
            if ((d == null || !d.isAlive()) && store.leaseHolder(DeployDriver.leaseResource(id)).isEmpty()) {
                refuseIfStreamGone(id); // it died of a refusal a new one would meet again
                driver(id); // the driver died meanwhile: take over
            }
            sleep(100);
        }
        throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + id + " did not cut over within " + timeout,
                "its driver keeps trying; check 'shadowbot status --id " + id + "'");
    }

    /**
     * A driver started here for the cutover could not resume the stream at the stored checkpoint: its
     * binlogs are gone, so every later driver would be refused the same way. Withdraws the cutover request
     * this call stored (the request stays staged exactly as before) and throws the refusal, at once,
     * instead of starting driver after driver until the wait runs out.
     */
    private void refuseIfStreamGone(long id) {
        DeployDriver d = drivers.get(id);
        BinlogPositionCheck.Refused refused = d == null ? null : d.refusal();
        if (refused != null) {
            store.clearControl(id);
            throw refused;
        }
    }

    /**
     * Reverts a request in its revert window: asks its driver (here or in another process; when none is
     * alive this process resumes it) to drain the reverse stream and swap the old table back. Returns the
     * reverted state. Throws BLOCKED, naming table, key and reason, when the request is not revertible
     * (nothing changed), DATABASE when the swap gave up (nothing swapped, the window goes on).
     */
    public DeployState revert(long id, Duration timeout) {
        DeployRequestRecord rec = store.get(id);
        if (rec.status() == DeployStatus.REVERTED) {
            return status(id);
        }
        requireWindow(rec, "revert");
        refuseIfNotRevertible(rec);
        store.setError(id, null);
        store.requestControl(id, RevertWindowPhase.REVERT);
        wake(id);
        return awaitWindowOutcome(id, timeout, DeployStatus.REVERTED, "revert");
    }

    /** Closes the revert window now: stops the reverse sync, drops the old table, completes the request. */
    public DeployState skipRevert(long id, Duration timeout) {
        DeployRequestRecord rec = store.get(id);
        if (rec.status() == DeployStatus.COMPLETE) {
            return status(id);
        }
        requireWindow(rec, "skip-revert");
        store.requestControl(id, RevertWindowPhase.SKIP_REVERT);
        wake(id);
        return awaitWindowOutcome(id, timeout, DeployStatus.COMPLETE, "skip-revert");
    }

    /** A driver of this process reads the control request at its next heartbeat instead of within a second. */
    private void wake(long id) {
        DeployDriver d = drivers.get(id);
        if (d != null) {
            d.wake();
        }
    }

    private static void requireWindow(DeployRequestRecord rec, String what) {
        if (rec.status() != DeployStatus.REVERSE_SYNCING && rec.status() != DeployStatus.REVERTING) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + rec.id() + " is " + rec.status().dbName()
                    + "; " + what + " works only in the revert window after a cutover",
                    "see 'shadowbot status --id " + rec.id() + "'");
        }
    }

    private static void refuseIfNotRevertible(DeployRequestRecord rec) {
        if (rec.notRevertible() != null) {
            throw new ShadowbotException(ErrorCode.BLOCKED, "deploy request " + rec.id() + " cannot be reverted: the old"
                    + " table cannot hold a change written after the cutover (" + rec.notRevertible() + ")",
                    "nothing was changed; the new schema stays live. Fix forward with a new deploy request, or run "
                            + "'shadowbot skip-revert --id " + rec.id() + "' to close the window");
        }
    }

    private DeployState awaitWindowOutcome(long id, Duration timeout, DeployStatus goal, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            DeployRequestRecord now = store.get(id);
            if (now.status() == goal) {
                return status(id);
            }
            if (now.status().isTerminal()) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " ended " + now.status().dbName()
                        + " instead of the " + what, now.error() == null ? "" : now.error());
            }
            if (now.status() == DeployStatus.REVERSE_SYNCING && now.controlRequest() == null) {
                refuseIfNotRevertible(now);
                throw new ShadowbotException(ErrorCode.DATABASE, what + " of deploy request " + id + " failed: "
                        + now.error(), "nothing was swapped and the revert window goes on; try again");
            }
            DeployDriver d = drivers.get(id);
            if ((d == null || !d.isAlive()) && store.leaseHolder(DeployDriver.leaseResource(id)).isEmpty()) {
                driver(id); // no live driver: this process takes over
            }
            sleep(100);
        }
        throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + id + " did not finish the " + what
                + " within " + timeout, "its driver keeps trying; check 'shadowbot status --id " + id + "'");
    }

    /**
     * Waits until every change written to the server before this call is applied to the shadows
     * (the driver must run in this process). For tests and for cutover.
     */
    public BinlogPosition awaitCaughtUp(long id, Duration timeout) {
        BinlogPosition target;
        try (Connection c = Connections.open(url.withDatabase(""))) {
            target = BinlogPositions.current(c, info);
        } catch (SQLException e) {
            throw ShadowbotException.database(e.getMessage(), "check the server", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            DeployDriver d = drivers.get(id);
            StreamApplier a = d == null ? null : d.applier();
            if (a != null && a.applied().isAtOrAfter(target) && a.backlog() == 0) {
                return a.applied();
            }
            if (d == null || !d.isAlive()) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " has no driver in this process",
                        "resume it first");
            }
            sleep(50);
        }
        throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + id + " did not catch up to " + target
                + " within " + timeout, "check the lag with 'shadowbot status'");
    }

    /** Stops this process's driver of a request; the stored state stays, so it can be resumed. */
    public void stop(long id) {
        DeployDriver d = drivers.remove(id);
        if (d != null) {
            d.stop();
        }
    }

    /**
     * Waits until this process's driver of {@code id} (if any) has finished its remaining work, e.g. the
     * stepwise drop of the tables a revert retired, which runs after the request is already
     * {@code reverted}. A process about to exit calls this so that {@link #close()} does not cut it short.
     */
    public void awaitDriverEnd(long id, Duration timeout) {
        DeployDriver d = drivers.get(id);
        if (d == null) {
            return;
        }
        try {
            d.finished().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // it ended badly or is still running: close() stops it, a leftover table is only garbage
        }
    }

    /** Test hook: the driver dies as if its process were killed (no cleanup, lease left to expire). */
    void crash(long id) {
        DeployDriver d = drivers.remove(id);
        if (d != null) {
            d.crash();
        }
    }

    /** The per-table migration rows (for status displays). */
    public List<MigrationRecord> migrations(long id) {
        return store.migrations(id);
    }

    public ServerInfo serverInfo() {
        return info;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShadowbotException(ErrorCode.INTERNAL, "interrupted", "");
        }
    }

    /** Stops every driver of this process (state kept for resume) and closes the store. */
    @Override
    public void close() {
        for (Long id : List.copyOf(drivers.keySet())) {
            stop(id);
        }
        store.close();
    }
}
