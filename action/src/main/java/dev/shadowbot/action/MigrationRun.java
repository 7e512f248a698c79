package dev.shadowbot.action;

import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives a deploy request in the foreground: progress on stderr (a redrawn line on a terminal, a
 * plain line every few seconds otherwise), the result on stdout once staged, then — unless told to
 * exit — keeps the shadows in sync until the request is cancelled or the process is interrupted
 * (Ctrl-C stops cleanly; the request stays staged and any later command resumes it).
 */
final class MigrationRun {
    private MigrationRun() {
    }

    /** Runs to staged (progress on stderr), then cuts over and prints the final state. */
    static int runAndCutOver(MigrationService service, dev.shadowbot.engine.db.DatabaseUrl url,
                             dev.shadowbot.engine.migration.MigrationOptions options,
                             long id, CommonOptions common, Duration timeout, PrintWriter out, PrintWriter err) {
        DeployState staged = toStaged(service, id, timeout, err);
        if (!staged.isStaged()) {
            out.println(DeployStateOutput.render(staged, common.format(), Map.of()));
            return 4;
        }
        err.println("shadowbot: staged; cutting over");
        err.flush();
        DeployState done = service.cutover(id, Duration.ofMinutes(5));
        // With no revert window the request is complete at the swap: the old table's drop goes on in the background.
        Map<String, Object> extra = new java.util.LinkedHashMap<>();
        CleanupHandoff.handOff(service, url, done, options, common.debug, extra);
        CleanupHandoff.print(out, done, common, extra);
        return 0;
    }

    static int run(MigrationService service, long id, CommonOptions common, boolean exitWhenStaged, Duration timeout,
                   PrintWriter out, PrintWriter err) {
        DeployState staged = toStaged(service, id, timeout, err);
        return afterStaged(service, id, common, exitWhenStaged, staged, out, err);
    }

    private static DeployState toStaged(MigrationService service, long id, Duration timeout, PrintWriter err) {
        boolean terminal = System.console() != null;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shadowbot-progress");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            try {
                DeployState s = service.status(id);
                long copied = s.tables().stream().mapToLong(DeployState.TableState::rowsCopied).sum();
                double secs = (System.nanoTime() - started) / 1e9;
                String line = DeployStateOutput.progress(s, secs > 0 ? copied / secs : 0);
                if (terminal) {
                    err.print("\r" + line + "\u001b[K");
                } else {
                    err.println(line);
                }
                err.flush();
            } catch (RuntimeException e) {
                // progress is best effort
            }
        }, terminal ? 1 : 5, terminal ? 1 : 5, TimeUnit.SECONDS);
        try {
            return service.runUntilStaged(id, timeout);
        } finally {
            ticker.shutdownNow();
            if (terminal) {
                err.println();
            }
        }
    }

    private static int afterStaged(MigrationService service, long id, CommonOptions common, boolean exitWhenStaged,
                                   DeployState staged, PrintWriter out, PrintWriter err) {
        out.println(DeployStateOutput.render(staged, common.format(), Map.of()));
        out.flush();
        if (!staged.isStaged() || exitWhenStaged) {
            service.stop(id);
            return staged.isStaged() ? 0 : 4;
        }
        err.println("shadowbot: staged; keeping the shadow tables in sync (Ctrl-C stops; 'shadowbot cancel --id " + id
                + "' cancels)");
        err.flush();
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.stop(id);
            interrupted.countDown();
        }, "shadowbot-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (interrupted.getCount() > 0) {
                DeployState s = service.status(id);
                if (!"staged".equals(s.state())) {
                    err.println("shadowbot: deploy request " + id + " is now " + s.state());
                    break;
                }
                interrupted.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return 0;
    }
}
