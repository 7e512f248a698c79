package dev.shadowbot.engine.migration;

import java.util.List;

/**
 * A deploy request's state as the CLI and the bot show it. Immutable.
 *
 * @param id          deploy request id
 * @param schema      target schema
 * @param state       stored status, e.g. {@code copying}, {@code staged}
 * @param tables      per-table progress
 * @param lagSeconds  seconds between the newest applied change's commit and now while changes wait;
 *                    0 when caught up; null when no driver runs in this process
 * @param lagEvents   row changes received but not yet applied; null when no driver runs in this process
 * @param checkpoint  stream position up to which changes are applied ({@code file:pos}), or empty
 * @param driver      the lease holder driving it, or empty when none is alive
 * @param error       error text of a failed request (or of the last failed cutover attempt), or null
 * @param cutoverLockMillis how long the cutover write-locked the live tables, null before the cutover
 * @param windowEndsAt when the revert window ends (server time, ISO), null before the cutover
 * @param notRevertible why a revert is impossible (table, key, reason), null while it is possible
 * @param revertLockMillis how long the revert write-locked the tables (the revert's write stall), null
 *                    before a revert
 * @param path        {@code instant} (the server alters in place) or {@code copy} (shadow tables)
 * @param pathNotes   why: the request's path, then per table the server's answer, then what a revert loses
 *                    (data written only to an added column); empty when no path was decided
 */
public record DeployState(long id, String schema, String state, List<TableState> tables, Double lagSeconds,
                          Long lagEvents, String checkpoint, String driver, String error, Long cutoverLockMillis,
                          String windowEndsAt, String notRevertible, Long revertLockMillis, String path,
                          List<String> pathNotes) {

    /**
     * @param table      live table
     * @param shadow     shadow table
     * @param state      per-table status
     * @param rowsCopied rows copied so far
     * @param rowsTotal  estimated rows
     */
    public record TableState(String table, String shadow, String state, long rowsCopied, long rowsTotal) {
    }

    public DeployState {
        tables = List.copyOf(tables);
        path = path == null ? "copy" : path;
        pathNotes = pathNotes == null ? List.of() : List.copyOf(pathNotes);
    }

    /** A state of the copy path (the shape before the instant path). */
    public DeployState(long id, String schema, String state, List<TableState> tables, Double lagSeconds,
                       Long lagEvents, String checkpoint, String driver, String error, Long cutoverLockMillis,
                       String windowEndsAt, String notRevertible, Long revertLockMillis) {
        this(id, schema, state, tables, lagSeconds, lagEvents, checkpoint, driver, error, cutoverLockMillis,
                windowEndsAt, notRevertible, revertLockMillis, null, null);
    }

    /** A state without a revert (the shape before revert_lock_ms). */
    public DeployState(long id, String schema, String state, List<TableState> tables, Double lagSeconds,
                       Long lagEvents, String checkpoint, String driver, String error, Long cutoverLockMillis,
                       String windowEndsAt, String notRevertible) {
        this(id, schema, state, tables, lagSeconds, lagEvents, checkpoint, driver, error, cutoverLockMillis,
                windowEndsAt, notRevertible, null);
    }

    /** True during the revert window (reverse sync running or stopped by an unrepresentable change). */
    public boolean inRevertWindow() {
        return "reverse_syncing".equals(state) || "reverting".equals(state);
    }

    public boolean isStaged() {
        return "staged".equals(state);
    }
}
