package dev.shadowbot.engine.instant;

import java.util.ArrayList;
import java.util.List;

/**
 * The path one deploy request takes, decided by the server before anything changes: {@code instant}
 * when every altered table can be changed and reverted in place, else {@code copy} (shadow tables).
 * A request is never split: a table the server could change instantly is copied together with a table it
 * cannot, so that the cutover stays one atomic RENAME.
 *
 * @param policy the policy the request was started with ({@code auto} or {@code never})
 * @param path   {@code instant} or {@code copy}
 * @param reason why the whole request takes that path
 * @param tables per altered table, what the server said
 */
public record InstantPlan(String policy, String path, String reason, List<TableVerdict> tables) {
    public static final String INSTANT = "instant";
    public static final String COPY = "copy";

    public InstantPlan {
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isInstant() {
        return INSTANT.equals(path);
    }

    /** The warning a reviewer must see before confirming a revert: data only in added columns is lost. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> revertLosses() {
        List<String> out = new ArrayList<>();
        if (!isInstant()) {
            return out;
        }
        for (TableVerdict t : tables) {
            if (!t.lostOnRevert().isEmpty()) {
                out.add("revert drops column" + (t.lostOnRevert().size() > 1 ? "s " : " ")
                        + String.join(", ", t.lostOnRevert()) + " of " + t.table()
                        + ": values written only to " + (t.lostOnRevert().size() > 1 ? "them" : "it") + " are lost");
            }
        }
        return out;
    }

    /** The request's path and why, then one line per table, then what a revert loses: what plans show. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        out.add("path: " + path + " (" + reason + ")");
        lines().forEach(l -> out.add("  " + l));
        revertLosses().forEach(l -> out.add("  " + l));
        return out;
    }

    /** One line per table, e.g. {@code orders: instant (…)}, for plans, comments and status. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (TableVerdict t : tables) {
            out.add(t.table() + ": " + t.path() + " (" + t.reason() + ")");
        }
        return out;
    }
}
