package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.ChangeApplier;
import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.change.BinlogStream;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositionCheck;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.store.DeployRequestRecord;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.store.SidecarStore;
import dev.shadowbot.engine.table.TableInfo;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one deploy request on its own thread, holding its lease: runs the phases from the stored
 * status onward (so a new process resumes where a dead one stopped), then keeps the shadows in sync
 * while staged until it is cancelled, stopped or cut over; after the cutover it runs the revert window
 * ({@link RevertWindowPhase}) until the request is complete or reverted.
 */
final class DeployDriver implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeployDriver.class);

    private final long id;
    private final DatabaseUrl url;
    /** Set when the request failed before any swap: its shadows go once the driver's connections are closed. */
    private volatile boolean dropShadowsOnExit;
    private final ServerInfo info;
    private final SidecarStore store;
    private final MigrationOptions options;
    private final CompletableFuture<DeployStatus> settled = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile String stopReason;
    private volatile String control;
    private volatile DeployStatus current;
    private volatile StreamApplier applier;
    private volatile DriverEnv env;
    private volatile Thread thread;
    private volatile boolean woken;
    private long lastBeat;
    private long lastRenew;

    DeployDriver(long id, DatabaseUrl url, ServerInfo info, SidecarStore store, MigrationOptions options) {
        this.id = id;
        this.url = url;
        this.info = info;
        this.store = store;
        this.options = options;
    }

    static String leaseResource(long id) {
        return "deploy_request:" + id;
    }

    void start() {
        thread = new Thread(this, "shadowbot-driver-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes with STAGED, or with the terminal status / exception when the driver ends before. */
    CompletableFuture<DeployStatus> settled() {
        return settled;
    }

    CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public void run() {
        try {
            if (!store.acquireLease(leaseResource(id), options.owner(), options.leaseSeconds())) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " is driven by another process ("
                        + store.leaseHolder(leaseResource(id)).orElse("unknown") + ")",
                        "wait for it, or use 'shadowbot status --id " + id + "'; a dead driver's lease expires after "
                                + options.leaseSeconds() + " s");
            }
            lastBeat = System.nanoTime();
            lastRenew = lastBeat;
            DeployRequestRecord rec = store.get(id);
            current = rec.status();
            if (current.isTerminal()) {
                settled.complete(current);
                return;
            }
            control = rec.controlRequest();
            env = new DriverEnv(id, url, info, store, options, DeploySpec.fromJson(rec.specJson()), this::beat,
                    () -> control);
            LOG.info("event=driver_started {} state={} owner={}", env.tag(), current.dbName(), options.owner());
            if (current == DeployStatus.QUEUED) {
                move(DeployStatus.PREPARING);
            }
            if (env.spec().takesInstantPath()) {
                InstantPhase.run(env, instantHooks()); // nothing to copy or sync: the server alters in place
                return;
            }
            if (current == DeployStatus.PREPARING) {
                PreparePhase.run(env);
                move(DeployStatus.COPYING);
            }
            if (current == DeployStatus.CUTTING_OVER && CutoverRecovery.reconcile(env, this::move)) {
                settled.complete(current);
                RevertWindowPhase.run(env, this::move); // the dead driver's swap had happened
                return;
            }
            if (current == DeployStatus.REVERTING && RevertRecovery.reconcile(env, this::move)) {
                return;
            }
            if (current == DeployStatus.REVERSE_SYNCING) {
                settled.complete(current);
                RevertWindowPhase.run(env, this::move);
                return;
            }
            if (current != DeployStatus.COPYING && current != DeployStatus.CHECKSUMMING && current != DeployStatus.STAGED) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " is " + current.dbName(),
                                "nothing to drive in this state");
            }
            List<TableContext> tables = TableContexts.load(env);
            BinlogPosition from = store.get(id).checkpoint().orElseThrow();
            applier = openApplier(tables, from);
            // A request that only drops tables has nothing to copy or compare.
            if (current == DeployStatus.COPYING) {
                if (!tables.isEmpty()) {
                    CopyPhase.run(env, tables, applier);
                }
                move(DeployStatus.CHECKSUMMING);
            }
            if (current == DeployStatus.CHECKSUMMING) {
                if (!tables.isEmpty()) {
                    ChecksumPhase.run(env, tables, applier);
                }
                move(DeployStatus.STAGED);
                LOG.info("event=staged {}", env.tag());
            }
            settled.complete(current);
            while (true) {
                StagedPhase.run(env, applier); // returns when a cutover is requested
                if (cutover(tables)) {
                    RevertWindowPhase.run(env, this::move);
                    return;
                }
            }
        } catch (DriverEnv.Stop stop) {
            onStop(stop.reason);
        } catch (Throwable e) {
            onError(e);
        } finally {
            StreamApplier a = applier;
            if (a != null) {
                a.close();
            }
            if (env != null) {
                env.abortAll();
            }
            if (dropShadowsOnExit) {
                try {
                    Cancellation.dropShadows(store, url, id); // a failed request leaves no shadow behind
                    LOG.info("event=failed_shadows_dropped dr={}", id);
                } catch (RuntimeException e) {
                    LOG.warn("event=failed_shadows_left dr={} error={} next=\"shadowbot cancel --id {} drops them\"", id,
                            e.getMessage(), id);
                }
            }
            if (!"crash".equals(stopReason)) {
                try {
                    store.releaseLease(leaseResource(id), options.owner());
                } catch (RuntimeException e) {
                    LOG.warn("event=lease_release_failed dr={} error={}", id, e.getMessage());
                }
            }
            settled.complete(current);
            finished.complete(null);
        }
    }

    private InstantPhase.Driver instantHooks() {
        return new InstantPhase.Driver() {
            @Override
            public DeployStatus current() {
                return current;
            }

            @Override
            public void move(DeployStatus to) {
                DeployDriver.this.move(to);
            }

            @Override
            public void moveWithError(DeployStatus to, String error) {
                if (store.transition(id, current, to, error)) {
                    current = to;
                }
            }

            @Override
            public void settled() {
                settled.complete(current);
            }

            @Override
            public void controlDone() {
                control = null;
            }
        };
    }

    /** One cutover attempt (with the cutover's own retries); true when the tables are swapped. */
    private boolean cutover(List<TableContext> tables) {
        move(DeployStatus.CUTTING_OVER);
        CutoverPhase.Swapped swapped;
        try {
            swapped = CutoverPhase.run(env, tables, applier, options.cutover());
        } catch (ShadowbotException e) {
            // SentryCutover guarantees nothing was swapped: stay staged, keep syncing, say why.
            store.clearControl(id);
            control = null;
            if (store.transition(id, DeployStatus.CUTTING_OVER, DeployStatus.STAGED, e.userMessage())) {
                current = DeployStatus.STAGED;
            }
            LOG.warn("event=cutover_failed {} error={}", env.tag(), e.getMessage());
            return false;
        }
        // Swapped: from here on the stream must not touch the tables (the driver ends below).
        applier.close();
        store.setCutover(id, swapped.position(), swapped.result().lockHeldMillis(),
                windowSeconds());
        store.clearControl(id);
        move(DeployStatus.REVERSE_SYNCING); // the revert window; it completes the request when it ends
        LOG.info("event=cut_over {} position={} lock_ms={} attempts={}", env.tag(), swapped.position(),
                swapped.result().lockHeldMillis(), swapped.result().attempts());
        return true;
    }

    /** The window chosen when the request was created (any process may cut over), else this process's. */
    private long windowSeconds() {
        Long stored = store.get(id).revertWindowSeconds();
        return stored != null ? stored : options.revertWindow().toSeconds();
    }

    private StreamApplier openApplier(List<TableContext> tables, BinlogPosition from) throws java.sql.SQLException {
        Map<String, TableInfo> live = new LinkedHashMap<>();
        Map<String, ChangeApplier> appliers = new LinkedHashMap<>();
        for (TableContext t : tables) {
            live.put(t.table(), t.live());
            appliers.put(t.table(), t.applier());
        }
        Connection c = env.open();
        return new StreamApplier(c, appliers, pos -> {
            BinlogStream s = new BinlogStream(env.url(), env.schema(), live, options.queueCapacity(),
                    "deploy request " + id, refusedNextStep(id));
            s.start(pos);
            LOG.info("event=stream_started {} position={} by={}", env.tag(), pos, s.gtidMode() ? "gtid" : "file_position");
            return s;
        }, from, new StreamCheckpoints(store, id));
    }

    /** What to do when the server cannot serve a request's stored stream position. */
    static String refusedNextStep(long id) {
        return "cancel it ('shadowbot cancel --id " + id + "' drops its shadow tables) and deploy the change again";
    }

    void move(DeployStatus to) {
        if (!store.transition(id, current, to, null)) {
            DeployStatus now = store.get(id).status();
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " moved to " + now.dbName()
                    + " while this driver expected " + current.dbName(), "see 'shadowbot status --id " + id + "'");
        }
        LOG.info("event=transition dr={} from={} to={}", id, current.dbName(), to.dbName());
        current = to;
    }

    /** How often the lease is renewed: a third of it, between 1 and 5 s (control is read every second). */
    static long renewEveryNanos(int leaseSeconds) {
        return Math.max(1_000L, Math.min(5_000L, leaseSeconds * 1000L / 3)) * 1_000_000L;
    }

    /** Between units of work: honour stop requests, renew the lease when due, look for a cancel request. */
    private void beat() {
        if (stopReason != null) {
            throw new DriverEnv.Stop(stopReason);
        }
        long now = System.nanoTime();
        if (now - lastBeat < 1_000_000_000L && !woken) {
            return;
        }
        woken = false;
        lastBeat = now;
        if (now - lastRenew >= renewEveryNanos(options.leaseSeconds())) {
            // Each renewal is a binlog transaction: an idle staged driver waiting days for its merge should
            // not write one a second. A third of the lease (at most 5 s) keeps most of it as margin.
            if (!store.acquireLease(leaseResource(id), options.owner(), options.leaseSeconds())) {
                stopReason = "lost_lease";
                throw new DriverEnv.Stop(stopReason);
            }
            lastRenew = now;
            recordLag();
        }
        DeployRequestRecord rec = store.get(id);
        control = rec.controlRequest();
        if ("cancel".equals(control)) {
            stopReason = "cancel";
            throw new DriverEnv.Stop(stopReason);
        }
    }

    /** With the lease renewal: the stream's lag, for a {@code status} run by another process. */
    private void recordLag() {
        StreamApplier a = applier;
        DeployStatus now = current;
        if (a == null || (now != DeployStatus.COPYING && now != DeployStatus.CHECKSUMMING && now != DeployStatus.STAGED)) {
            return; // the forward stream runs only before the cutover
        }
        try {
            long applied = a.appliedEventMillis();
            int backlog = a.backlog();
            store.notes().recordLag(id, backlog == 0 || applied == 0 ? 0 : Math.max(0, System.currentTimeMillis() - applied),
                    backlog);
        } catch (RuntimeException e) {
            LOG.debug("event=lag_not_recorded dr={} error={}", id, e.getMessage()); // status shows no lag then
        }
    }

    private void onStop(String reason) {
        LOG.info("event=driver_stopped dr={} reason={}", id, reason);
        if ("cancel".equals(reason)) {
            StreamApplier a = applier;
            if (a != null) {
                a.close();
            }
            dropShadowsAndCancel();
        }
    }

    private void dropShadowsAndCancel() {
        Cancellation.dropShadowsAndCancel(store, url, id, current);
        current = DeployStatus.CANCELLED;
    }

    private void onError(Throwable e) {
        if ("crash".equals(stopReason)) {
            return; // a crashed process records nothing
        }
        String message = e instanceof ShadowbotException se ? se.userMessage() : String.valueOf(e);
        if (current == null) {
            // Never started driving (e.g. another process holds the lease): nothing stored changes.
            LOG.warn("event=driver_not_started dr={} reason=\"{}\"", id, message);
            settled.completeExceptionally(e);
            return;
        }
        if (e instanceof BinlogPositionCheck.Refused refused && !current.isTerminal()) {
            // The server cannot serve the stored position: nothing was applied, so keep the state (cancel
            // still works and drops the shadows) and say why.
            LOG.error("event=stream_position_refused dr={} state={} error=\"{}\"", id, current.dbName(), message);
            try {
                store.setError(id, message);
            } catch (RuntimeException storeError) {
                LOG.error("event=failure_not_recorded dr={} error={}", id, storeError.getMessage());
            }
            settled.completeExceptionally(refused);
            return;
        }
        java.sql.SQLException lost = connectionLost(e);
        if (lost != null && !current.isTerminal()) {
            // A killed or dropped connection is not the migration's fault: keep the stored state (every
            // checkpoint is transactional), say why, and let a resume continue from the checkpoint.
            String why = "lost its database connection while " + current.dbName() + " (" + lost.getMessage().lines()
                    .findFirst().orElse("") + "); nothing was lost";
            LOG.warn("event=driver_connection_lost dr={} state={} error=\"{}\"", id, current.dbName(), why);
            try {
                store.setError(id, why);
            } catch (RuntimeException storeError) {
                LOG.error("event=failure_not_recorded dr={} error={}", id, storeError.getMessage());
            }
            settled.completeExceptionally(ShadowbotException.database("deploy request " + id + " " + why,
                    "resume it: 'shadowbot resume --id " + id + "' continues from its checkpoint", e));
            return;
        }
        if (e instanceof ShadowbotException) {
            // An expected refusal, said in full by its message: the stack trace only at debug level (--debug).
            LOG.error("event=driver_failed dr={} state={} error={}", id, current.dbName(), message);
            LOG.debug("event=driver_failed_trace dr={}", id, e);
        } else {
            LOG.error("event=driver_failed dr={} state={} error={}", id, current.dbName(), message, e);
        }
        if (!current.isTerminal() && current.canMoveTo(DeployStatus.FAILED)) {
            boolean beforeSwap = current != DeployStatus.CUTTING_OVER;
            try {
                if (store.transition(id, current, DeployStatus.FAILED, message)) {
                    current = DeployStatus.FAILED;
                    dropShadowsOnExit = beforeSwap; // once the copy's connections are gone (finally)
                }
            } catch (RuntimeException storeError) {
                LOG.error("event=failure_not_recorded dr={} error={}", id, storeError.getMessage());
            }
        }
        settled.completeExceptionally(e);
    }

    /** The SQLException in {@code e}'s causes that says the connection died (KILL, network, restart), or null. */
    static java.sql.SQLException connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && ((s.getSQLState() != null && s.getSQLState().startsWith("08"))
                    || s.getErrorCode() == 1927 || s.getErrorCode() == 2006 || s.getErrorCode() == 2013)) {
                return s;
            }
            // The binlog client's socket: refused or reset while the server restarts.
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.io.EOFException) {
                return new java.sql.SQLException(t.getMessage(), "08S01", t);
            }
        }
        return null;
    }

    /** The next heartbeat reads the stored control request at once (a command of this process just wrote one). */
    void wake() {
        woken = true;
    }

    /** Stops after the current unit of work; state stays as stored so it can be resumed. */
    void stop() {
        stopReason = "stop";
        awaitEnd();
    }

    /** Asks for cancellation (same as a stored cancel request, but immediate). */
    void cancel() {
        stopReason = "cancel";
        awaitEnd();
    }

    /** Simulates the process dying: connections cut, nothing recorded, lease left to expire. */
    void crash() {
        stopReason = "crash";
        StreamApplier a = applier;
        if (a != null) {
            a.close();
        }
        DriverEnv e = env;
        if (e != null) {
            e.abortAll();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        awaitEnd();
    }

    private void awaitEnd() {
        try {
            finished.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("event=driver_did_not_stop dr={}", id);
        }
    }

    DeployStatus current() {
        return current;
    }

    StreamApplier applier() {
        return applier;
    }

    boolean isAlive() {
        return !finished.isDone();
    }

    /** True once the driver reported an error: it only cleans up (connections, lease) before it ends. */
    boolean failed() {
        return settled.isCompletedExceptionally();
    }

    /**
     * The refusal this driver ended with when the server could not serve its stored stream position
     * (binlogs purged, reset, another server); null otherwise. No later driver can do better.
     */
    BinlogPositionCheck.Refused refusal() {
        if (!failed()) {
            return null;
        }
        try {
            settled.getNow(null);
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof BinlogPositionCheck.Refused r ? r : null;
        } catch (java.util.concurrent.CancellationException e) {
            return null;
        }
    }

    /** Waits up to {@code timeout} for the driver's thread to end its cleanup. */
    void awaitFinished(Duration timeout) {
        try {
            finished.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("event=driver_cleanup_slow dr={} waited_ms={}", id, timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void execIgnoring(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (java.sql.SQLException ignored) {
            // best effort
        }
    }
}
