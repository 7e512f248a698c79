package dev.shadowbot.engine.store;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The life of a deploy request (and of each of its per-table migrations). The transition table is the
 * contract: {@link #canMoveTo(DeployStatus)} is what the store's guarded updates enforce, and terminal
 * states never change.
 *
 * <p>The cutover and revert states are declared now so the stored enum does not need a migration when
 * the cutover work lands; nothing moves into them yet.
 */
public enum DeployStatus {
    QUEUED,
    PREPARING,
    COPYING,
    CHECKSUMMING,
    STAGED,
    CUTTING_OVER,
    REVERSE_SYNCING,
    REVERTING,
    COMPLETE,
    REVERTED,
    CANCELLED,
    FAILED;

    private static final Map<DeployStatus, Set<DeployStatus>> NEXT = Map.ofEntries(
            Map.entry(QUEUED, EnumSet.of(PREPARING, CANCELLED, FAILED)),
            // PREPARING → PREPARING: a resumed driver redoes the (idempotent) preparation.
            Map.entry(PREPARING, EnumSet.of(COPYING, CANCELLED, FAILED)),
            Map.entry(COPYING, EnumSet.of(CHECKSUMMING, CANCELLED, FAILED)),
            // A checksum mismatch re-copies chunks inside the phase; it does not go back to COPYING.
            Map.entry(CHECKSUMMING, EnumSet.of(STAGED, CANCELLED, FAILED)),
            Map.entry(STAGED, EnumSet.of(CUTTING_OVER, CANCELLED, FAILED)),
            // A failed swap attempt leaves the tables untouched: back to STAGED, retry later.
            Map.entry(CUTTING_OVER, EnumSet.of(STAGED, REVERSE_SYNCING, COMPLETE, FAILED)),
            Map.entry(REVERSE_SYNCING, EnumSet.of(REVERTING, COMPLETE, FAILED)),
            Map.entry(REVERTING, EnumSet.of(REVERSE_SYNCING, REVERTED, FAILED)),
            Map.entry(COMPLETE, EnumSet.noneOf(DeployStatus.class)),
            Map.entry(REVERTED, EnumSet.noneOf(DeployStatus.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(DeployStatus.class)),
            Map.entry(FAILED, EnumSet.noneOf(DeployStatus.class)));

    /** True when {@code next} is an allowed successor of this state. */
    public boolean canMoveTo(DeployStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** The allowed successors (a copy). */
    public Set<DeployStatus> successors() {
        Set<DeployStatus> s = NEXT.get(this);
        return s.isEmpty() ? EnumSet.noneOf(DeployStatus.class) : EnumSet.copyOf(s);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** True while a driver has work to do (stream or copy running, or about to). */
    public boolean isActive() {
        return !isTerminal();
    }

    /** The stored, user-facing name: lower case with underscores, e.g. {@code cutting_over}. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The per-transition timestamp column, e.g. {@code staged_at}. */
    public String timestampColumn() {
        return dbName() + "_at";
    }

    public static DeployStatus fromDb(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
