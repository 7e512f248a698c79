package dev.shadowbot.action;

import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationService;
import java.util.List;
import java.util.Map;

/**
 * A command returns when the user's outcome is reached (reverted, cut over with no window, window closed);
 * the retired tables' stepwise drop, which takes seconds per million rows, is handed to a background
 * {@code shadowbot cleanup --id N} process instead of holding the command (and an incident's terminal) open.
 * The drop this process's driver had begun stops at its next step and releases the request's lease, which the
 * background process then takes; should it die too, the next start, resume or status finishes the drop.
 */
final class CleanupHandoff {
    /** How long a command waits for its own drop before handing it off (a hidden setting, for tests). */
    static final String GRACE_PROPERTY = "shadowbot.cleanupGraceMs";
    private static final long DEFAULT_GRACE_MS = 300;

    private CleanupHandoff() {
    }

    /** Hands a finished request's remaining drop to the background; adds {@code cleanup_*} to the output. */
    static void handOff(MigrationService service, DatabaseUrl url, DeployState state,
                        dev.shadowbot.engine.migration.MigrationOptions options, boolean debug, Map<String, Object> extra) {
        if (!"complete".equals(state.state()) && !"reverted".equals(state.state())) {
            return;
        }
        // A small table's drop ends in milliseconds: not worth a background JVM (about a second of CPU).
        service.awaitDriverEnd(state.id(), java.time.Duration.ofMillis(Long.getLong(GRACE_PROPERTY, DEFAULT_GRACE_MS)));
        boolean running = service.cleaningUpHere(state.id());
        List<String> pending = service.pendingCleanup(state.id());
        if (!running && pending.isEmpty()) {
            return;
        }
        service.stop(state.id()); // its drop stops between two steps; the background process goes on from there
        pending = service.pendingCleanup(state.id());
        extra.put("cleanup_pending", pending);
        if (!pending.isEmpty()) {
            Detached d = Detached.start(url, List.of("cleanup", "--id", Long.toString(state.id()), "--lease-seconds",
                    Integer.toString(options.leaseSeconds()), "--retired-drop", options.retiredDrop().cliName()), "cleanup-" + state.id(), debug);
            extra.put("cleanup_pid", d.pid());
            extra.put("cleanup_log", d.log().toString());
        }
    }

    /** The text form's line about a cleanup going on, or null when there is none. */
    static String describe(Map<String, Object> extra) {
        Object pending = extra.get("cleanup_pending");
        if (!(pending instanceof List<?> l) || l.isEmpty()) {
            return null;
        }
        Object pid = extra.get("cleanup_pid");
        return "cleanup: dropping " + String.join(", ", l.stream().map(String::valueOf).toList()) + " in small steps"
                + (pid == null ? "" : " in the background (pid " + pid + ", log " + extra.get("cleanup_log") + ")")
                + "; 'shadowbot status' shows what is left";
    }

    /** Prints the output, plus the cleanup line in the text form. */
    static void print(java.io.PrintWriter out, DeployState state, CommonOptions common, Map<String, Object> extra) {
        out.println(DeployStateOutput.render(state, common.format(), extra));
        String line = common.format() == OutputFormat.text ? describe(extra) : null;
        if (line != null) {
            out.println(line);
        }
        out.flush();
    }
}
