package dev.shadowbot.bot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins the state tables: which moves are allowed, and that terminal states never change. */
class InboxStatusTest {
    @Test
    void inboxTransitions() {
        assertEquals(EnumSet.of(InboxStatus.PROCESSING), next(InboxStatus.PENDING));
        assertEquals(EnumSet.of(InboxStatus.DONE, InboxStatus.IGNORED, InboxStatus.PENDING, InboxStatus.PARKED),
                next(InboxStatus.PROCESSING));
        for (InboxStatus terminal : EnumSet.of(InboxStatus.DONE, InboxStatus.IGNORED, InboxStatus.PARKED)) {
            assertEquals(EnumSet.noneOf(InboxStatus.class), next(terminal), terminal.name());
        }
    }

    @Test
    void deployRequestTransitions() {
        Set<DeployRequestState> planResults = EnumSet.of(DeployRequestState.PLANNED, DeployRequestState.BLOCKED,
                DeployRequestState.NO_CHANGES, DeployRequestState.PLAN_FAILED);
        for (DeployRequestState s : planResults) {
            EnumSet<DeployRequestState> expected = EnumSet.copyOf(planResults);
            expected.add(DeployRequestState.CLOSED);
            assertEquals(expected, nextDr(s), s.name());
        }
        assertEquals(planResults, nextDr(DeployRequestState.CLOSED), "a reopened PR plans again");
    }

    private static Set<InboxStatus> next(InboxStatus from) {
        Set<InboxStatus> out = EnumSet.noneOf(InboxStatus.class);
        for (InboxStatus to : InboxStatus.values()) {
            if (from.canMoveTo(to)) {
                out.add(to);
            }
        }
        return out;
    }

    private static Set<DeployRequestState> nextDr(DeployRequestState from) {
        Set<DeployRequestState> out = EnumSet.noneOf(DeployRequestState.class);
        for (DeployRequestState to : DeployRequestState.values()) {
            if (from.canMoveTo(to)) {
                out.add(to);
            }
        }
        return out;
    }
}
