package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.store.DeployStatus;

/**
 * The phases of a migration to staged, in run order. Each has one class that does its work; the
 * driver runs them in this order, starting at the phase matching the stored status on resume.
 */
public enum Phase {
    /** Server settings and privileges (before anything is stored). */
    PREFLIGHT(DeployStatus.QUEUED),
    /** New tables created, shadows created and altered, shared keys checked, stream start recorded. */
    PREPARE(DeployStatus.PREPARING),
    /** Rows copied in chunks while the stream applies changes. */
    COPY(DeployStatus.COPYING),
    /** Tables compared at a consistent point; differing chunks re-copied. */
    CHECKSUM(DeployStatus.CHECKSUMMING),
    /** Shadows equal to the live tables and kept in sync until cutover or cancel. */
    STAGED(DeployStatus.STAGED);

    private final DeployStatus status;

    Phase(DeployStatus status) {
        this.status = status;
    }

    /** The stored status while this phase runs. */
    public DeployStatus status() {
        return status;
    }

    /** The phase to run for a stored status (QUEUED restarts at PREPARE: preflight ran at start). */
    public static Phase resumeAt(DeployStatus s) {
        return switch (s) {
            case QUEUED, PREPARING -> PREPARE;
            case COPYING -> COPY;
            case CHECKSUMMING -> CHECKSUM;
            case STAGED -> STAGED;
            default -> throw new IllegalArgumentException("no phase runs in state " + s.dbName());
        };
    }
}
