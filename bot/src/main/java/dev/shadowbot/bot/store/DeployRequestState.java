package dev.shadowbot.bot.store;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * State of a deploy request (one PR × one database) as far as planning goes. The deploy lifecycle
 * (queue, staged, cutover, revert window) extends this enum; its terminal states will never change.
 */
public enum DeployRequestState {
    /** The plan has changes; approval and {@code /deploy} are pending. */
    PLANNED,
    /** The plan has changes, but lint errors block it until they are fixed or allowed. */
    BLOCKED,
    /** The PR's schema for this database equals the live schema. */
    NO_CHANGES,
    /** The schema files or the config have errors; nothing can be planned until they are fixed. */
    PLAN_FAILED,
    /** The PR was closed without merging; a reopen plans again. */
    CLOSED;

    private static final Set<DeployRequestState> PLAN_RESULTS = EnumSet.of(PLANNED, BLOCKED, NO_CHANGES, PLAN_FAILED);
    private static final Map<DeployRequestState, Set<DeployRequestState>> NEXT = Map.of(
            PLANNED, EnumSet.of(PLANNED, BLOCKED, NO_CHANGES, PLAN_FAILED, CLOSED),
            BLOCKED, EnumSet.of(PLANNED, BLOCKED, NO_CHANGES, PLAN_FAILED, CLOSED),
            NO_CHANGES, EnumSet.of(PLANNED, BLOCKED, NO_CHANGES, PLAN_FAILED, CLOSED),
            PLAN_FAILED, EnumSet.of(PLANNED, BLOCKED, NO_CHANGES, PLAN_FAILED, CLOSED),
            CLOSED, PLAN_RESULTS);

    public boolean canMoveTo(DeployRequestState next) {
        return NEXT.get(this).contains(next);
    }
}
