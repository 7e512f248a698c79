package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.DeployQueue.Request;
import dev.shadowbot.bot.store.DeployQueue.Status;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.store.DeployStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the deploy queue: one thread per configured database. A thread acts only while its replica
 * holds the database's lease in the state database, and only on the database's oldest unfinished
 * queue row, so one migration runs per database and two replicas never drive the same one. It runs
 * the engine to staged, keeps the shadows in sync, and acts on requests (cut over on merge, cancel);
 * after the cutover it keeps driving the revert window (reverse sync, window end) beside the queue.
 * Everything it knows is in the state database and the engine's sidecar store, so a restarted bot
 * picks up every row where it stood.
 */
public final class DeployRunner implements AutoCloseable, WindowControl {
    private static final Logger LOG = LoggerFactory.getLogger(DeployRunner.class);
    static final int LEASE_SECONDS = 30;
    private static final Duration SLICE = Duration.ofSeconds(2);
    private static final Duration CUTOVER_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CANCEL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration WINDOW_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final long PROGRESS_EVERY_MS = 3000;

    /** Shows a row's change on the pull request (comment, check run). Must not throw. */
    public interface Publisher {
        void publish(Entry e);

        /** Posts a new comment on the row's pull request (the final summary). Must not throw. */
        default void announce(Entry e, String text) {
        }
    }


    private final DeployQueue queue;
    private final Map<String, DatabaseUrl> databases;
    private final Publisher publisher;
    private final Duration poll;
    private final String owner = "bot-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, MigrationService> services = new ConcurrentHashMap<>();
    private final Map<Long, Long> lastProgress = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Object signal = new Object();
    private volatile boolean running;

    public DeployRunner(DeployQueue queue, Map<String, DatabaseUrl> databases, Publisher publisher, Duration poll) {
        this.queue = queue;
        this.databases = Map.copyOf(databases);
        this.publisher = publisher;
        this.poll = poll;
    }

    public void start() {
        running = true;
        // Long engine calls (a cutover may take minutes) block a database's thread: renew its lease meanwhile.
        Thread renewer = new Thread(this::renewLeases, "deploy-lease-renewer");
        renewer.setDaemon(true);
        threads.add(renewer);
        renewer.start();
        for (String db : databases.keySet()) {
            Thread t = new Thread(() -> loop(db), "deploy-" + db);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void renewLeases() {
        while (running) {
            try {
                Thread.sleep(LEASE_SECONDS * 1000L / 3);
            } catch (InterruptedException e) {
                return;
            }
            for (String db : databases.keySet()) {
                try {
                    queue.renewLease(db, owner, LEASE_SECONDS);
                } catch (RuntimeException e) {
                    LOG.warn("database={} lease_renewal_failed=\"{}\"", db, e.getMessage());
                }
            }
        }
    }

    /** Something was queued or requested: look now instead of at the next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop(String db) {
        while (running) {
            boolean busy = false;
            try {
                if (queue.takeLease(db, owner, LEASE_SECONDS)) {
                    Optional<Entry> head = queue.head(db);
                    if (head.isPresent()) {
                        busy = step(head.get());
                    }
                    for (Entry w : queue.inWindow(db)) {
                        window(w);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("database={} deploy_step_failed=\"{}\"", db, e.getMessage(), e);
            }
            if (!busy) {
                synchronized (signal) {
                    try {
                        signal.wait(poll.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** One step on the database's head row; true when there is more to do right away. */
    private boolean step(Entry e) {
        return switch (e.status()) {
            case QUEUED -> startDeploy(e);
            case RUNNING -> driveToStaged(e);
            case STAGED -> staged(e);
            default -> false;
        };
    }

    private boolean startDeploy(Entry e) {
        if (e.requested() == Request.CANCEL) {
            return finish(e, Status.CANCELLED, "cancelled before it started", e.error(), null);
        }
        long id;
        try {
            DeployState st = service(e).start(DeploySpec.fromJson(e.specJson()));
            id = st.id();
        } catch (ShadowbotException ex) {
            return finish(e, Status.FAILED, null, ex.userMessage(), null);
        }
        LOG.info("pr={}#{} database={} engine_deploy_request={} state=running", e.repo(), e.prNumber(), e.database(), id);
        if (queue.move(e.id(), Status.QUEUED, Status.RUNNING, id, "starting", null, null)) {
            publish(e.id());
        }
        return true;
    }

    private boolean driveToStaged(Entry e) {
        MigrationService svc = service(e);
        long id = e.migrationId();
        if (e.requested() == Request.CANCEL) {
            return cancel(e, svc);
        }
        DeployState st;
        try {
            st = svc.runUntilStaged(id, SLICE);
        } catch (ShadowbotException ex) {
            st = svc.status(id);
            DeployStatus s = DeployStatus.fromDb(st.state());
            if (s.isTerminal()) {
                return finish(e, Status.FAILED, null, st.error() == null ? ex.userMessage() : st.error(), null);
            }
            // Not staged within the slice: show progress (at most every few seconds) and keep going.
            long now = System.currentTimeMillis();
            if (now - lastProgress.getOrDefault(e.id(), 0L) >= PROGRESS_EVERY_MS) {
                lastProgress.put(e.id(), now);
                queue.progress(e.id(), Status.RUNNING, progress(st));
                publish(e.id());
            }
            return true;
        }
        if (!st.isStaged()) {
            return true;
        }
        LOG.info("pr={}#{} database={} engine_deploy_request={} state=staged", e.repo(), e.prNumber(), e.database(), id);
        if (queue.move(e.id(), Status.RUNNING, Status.STAGED, null, progress(st), null, null)) {
            publish(e.id());
        }
        return true;
    }

    private boolean staged(Entry e) {
        MigrationService svc = service(e);
        long id = e.migrationId();
        if (e.requested() == Request.CANCEL) {
            return cancel(e, svc);
        }
        if (e.requested() == Request.CUTOVER) {
            try {
                DeployState st = svc.cutover(id, CUTOVER_TIMEOUT);
                LOG.info("pr={}#{} database={} engine_deploy_request={} state={} lock_ms={}", e.repo(),
                        e.prNumber(), e.database(), id, st.state(), st.cutoverLockMillis());
                if (st.inRevertWindow()) {
                    if (queue.move(e.id(), Status.STAGED, Status.WINDOW, null, revertability(st), null,
                            st.cutoverLockMillis())) {
                        publish(e.id());
                    }
                    return true;
                }
                // No revert window (revert_window: 0): the engine completed the request at once.
                return finishWindow(e, Status.COMPLETE, "cut over, no revert window", st.cutoverLockMillis());
            } catch (ShadowbotException ex) {
                // The engine left it staged (nothing swapped): say so and retry on the next step.
                queue.progress(e.id(), Status.STAGED, "cutover attempt failed, retrying: " + ex.userMessage());
                publish(e.id());
                return false;
            }
        }
        // Keep the shadows in sync; after a restart this resumes the engine's driver in this process.
        try {
            svc.resume(id, SLICE);
        } catch (ShadowbotException ex) {
            DeployState st = svc.status(id);
            if (DeployStatus.fromDb(st.state()).isTerminal()) {
                return finish(e, Status.FAILED, null, st.error() == null ? ex.userMessage() : st.error(), null);
            }
        }
        return false;
    }

    /**
     * A row in its revert window: keeps the engine's driver (reverse sync, window end) running in this
     * process — after a restart this resumes it from the engine's checkpoint — shows revertability when it
     * changes, and finishes the row once the engine completed (window end, {@code /skip-revert}) or reverted.
     */
    private void window(Entry e) {
        MigrationService svc = service(e);
        long id = e.migrationId();
        DeployState st = svc.status(id);
        if (st.inRevertWindow()) {
            try {
                st = svc.resume(id, SLICE);
            } catch (ShadowbotException ex) {
                st = svc.status(id); // finished meanwhile (handled below) or not settled in the slice
            }
        }
        switch (st.state()) {
            case "complete" -> finishWindow(e, Status.COMPLETE, "instant".equals(st.path())
                    ? "revert window closed (altered in place: no old table)" : "revert window closed, old table dropped", null);
            case "reverted" -> finishWindow(e, Status.REVERTED, "reverted to the old schema", null);
            case "reverse_syncing", "reverting" -> {
                String text = revertability(st);
                if (!text.equals(e.progress())) {
                    queue.progress(e.id(), Status.WINDOW, text);
                    publish(e.id());
                }
            }
            default -> finishWindow(e, Status.FAILED, null, null);
        }
    }

    /** Moves a row out of its window (once: the move is guarded) and posts the final summary. */
    private boolean finishWindow(Entry e, Status to, String progress, Long lockMs) {
        DeployState st = service(e).status(e.migrationId());
        String error = to == Status.FAILED ? (st.error() == null ? "the engine ended it " + st.state() : st.error())
                : null;
        if (queue.move(e.id(), e.status(), to, null, progress, error, lockMs)) {
            LOG.info("pr={}#{} database={} queue_row={} state={}", e.repo(), e.prNumber(), e.database(), e.id(), to);
            publish(e.id());
            queue.get(e.id()).ifPresent(done -> publisher.announce(done, DeployStatusView.summary(done)));
        }
        lastProgress.remove(e.id());
        return true;
    }

    /** The live revertability, as the comment shows it. */
    static String revertability(DeployState st) {
        if ("reverting".equals(st.state())) {
            return "reverting";
        }
        if ("instant".equals(st.path())) {
            // The revert is the inverse in-place ALTER; the notes name the added columns whose values it drops.
            List<String> losses = st.pathNotes().stream().filter(n -> n.startsWith("revert drops")).toList();
            return "revertible in place (inverse instant ALTER)" + (losses.isEmpty() ? "" : "; " + String.join("; ", losses));
        }
        return st.notRevertible() == null ? "revertible (reverse sync running)"
                : "not revertible: " + st.notRevertible();
    }

    @Override
    public DeployState status(Entry e) {
        return service(e).status(e.migrationId());
    }

    @Override
    public DeployState revert(Entry e) {
        DeployState st = service(e).revert(e.migrationId(), WINDOW_COMMAND_TIMEOUT);
        wake();
        return st;
    }

    @Override
    public DeployState skipRevert(Entry e) {
        DeployState st = service(e).skipRevert(e.migrationId(), WINDOW_COMMAND_TIMEOUT);
        wake();
        return st;
    }

    private boolean cancel(Entry e, MigrationService svc) {
        try {
            svc.cancel(e.migrationId(), CANCEL_TIMEOUT);
        } catch (ShadowbotException ex) {
            DeployState st = svc.status(e.migrationId());
            if (!DeployStatus.fromDb(st.state()).isTerminal()) {
                LOG.warn("pr={}#{} cancel_failed=\"{}\"", e.repo(), e.prNumber(), ex.userMessage());
                return false;
            }
        }
        // The error holds why, when the cancel came from an installation change (see InstallationHandler).
        return finish(e, Status.CANCELLED, "shadow tables dropped", e.error(), null);
    }

    private boolean finish(Entry e, Status to, String progress, String error, Long lockMs) {
        if (queue.move(e.id(), e.status(), to, null, progress, error, lockMs)) {
            LOG.info("pr={}#{} database={} queue_row={} state={}", e.repo(), e.prNumber(), e.database(), e.id(), to);
            publish(e.id());
        }
        lastProgress.remove(e.id());
        return true;
    }

    private void publish(long rowId) {
        queue.get(rowId).ifPresent(publisher::publish);
        // The next row of the database (if any) moved up: its comment shows the new position.
        queue.get(rowId).flatMap(r -> queue.head(r.database())).filter(h -> h.id() != rowId)
                .ifPresent(publisher::publish);
    }

    static String progress(DeployState st) {
        List<String> parts = new ArrayList<>();
        parts.add(st.state());
        if ("instant".equals(st.path())) {
            // Nothing is copied: the server alters in place at cutover (the notes say why, and what a revert loses).
            parts.add("path: instant (" + String.join("; ", st.pathNotes().subList(Math.min(1, st.pathNotes().size()),
                    st.pathNotes().size())) + ")");
            return String.join(", ", parts);
        }
        for (DeployState.TableState t : st.tables()) {
            long pct = t.rowsTotal() <= 0 ? 100 : Math.min(100, t.rowsCopied() * 100 / t.rowsTotal());
            parts.add(dev.shadowbot.bot.comment.StickyComment.code(t.table()) + " " + t.rowsCopied() + "/" + t.rowsTotal() + " rows (" + pct + "%)");
        }
        if (st.lagSeconds() != null) {
            parts.add(String.format(java.util.Locale.ROOT, "lag %.1f s", st.lagSeconds()));
        }
        return String.join(", ", parts);
    }

    /**
     * The engine service of a row: one per database and revert window, because the engine stores the
     * window length with the request when it starts it. A row always uses the same instance, so its
     * drivers are found again (revert, skip-revert and the window loop share them).
     */
    private MigrationService service(Entry e) {
        String key = e.database() + "|" + e.revertWindow().toSeconds();
        return services.computeIfAbsent(key, k -> MigrationService.connect(databases.get(e.database()),
                MigrationOptions.defaults().withRevertWindow(e.revertWindow())));
    }

    /** Stops the threads and this process's engine drivers (their state stays for a restart). */
    @Override
    public void close() {
        running = false;
        wake();
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String db : databases.keySet()) {
            try {
                queue.releaseLease(db, owner);
            } catch (RuntimeException e) {
                LOG.warn("database={} lease_release_failed=\"{}\"", db, e.getMessage());
            }
        }
        services.values().forEach(MigrationService::close);
    }
}
