package dev.shadowbot.bot.store;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Life of one webhook delivery in the inbox. PENDING rows are due for a worker; a claimed row is
 * PROCESSING; it ends DONE, IGNORED (an event the bot does not act on) or PARKED (failed too often,
 * kept with its last error for an operator). Terminal states never change by the bot; only an operator's
 * retry ({@link Inbox#requeue}, from the status page) makes a PARKED event PENDING again.
 */
public enum InboxStatus {
    PENDING, PROCESSING, DONE, IGNORED, PARKED;

    private static final Map<InboxStatus, Set<InboxStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(PROCESSING),
            // Back to PENDING is a retry after a failure or an expired claim.
            PROCESSING, EnumSet.of(DONE, IGNORED, PENDING, PARKED),
            DONE, EnumSet.noneOf(InboxStatus.class),
            IGNORED, EnumSet.noneOf(InboxStatus.class),
            PARKED, EnumSet.noneOf(InboxStatus.class));

    public boolean canMoveTo(InboxStatus next) {
        return NEXT.get(this).contains(next);
    }

    public boolean terminal() {
        return NEXT.get(this).isEmpty();
    }
}
