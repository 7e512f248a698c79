package dev.shadowbot.engine.store;

import static dev.shadowbot.engine.store.DeployStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeployStatusTest {
    /** The whole transition table, pinned: changing it must be a deliberate edit here too. */
    private static final Map<DeployStatus, Set<DeployStatus>> EXPECTED = Map.ofEntries(
            Map.entry(QUEUED, EnumSet.of(PREPARING, CANCELLED, FAILED)),
            Map.entry(PREPARING, EnumSet.of(COPYING, CANCELLED, FAILED)),
            Map.entry(COPYING, EnumSet.of(CHECKSUMMING, CANCELLED, FAILED)),
            Map.entry(CHECKSUMMING, EnumSet.of(STAGED, CANCELLED, FAILED)),
            Map.entry(STAGED, EnumSet.of(CUTTING_OVER, CANCELLED, FAILED)),
            Map.entry(CUTTING_OVER, EnumSet.of(STAGED, REVERSE_SYNCING, COMPLETE, FAILED)),
            Map.entry(REVERSE_SYNCING, EnumSet.of(REVERTING, COMPLETE, FAILED)),
            Map.entry(REVERTING, EnumSet.of(REVERSE_SYNCING, REVERTED, FAILED)),
            Map.entry(COMPLETE, EnumSet.noneOf(DeployStatus.class)),
            Map.entry(REVERTED, EnumSet.noneOf(DeployStatus.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(DeployStatus.class)),
            Map.entry(FAILED, EnumSet.noneOf(DeployStatus.class)));

    @Test
    void transitionTableIsExactlyTheDesignedOne() {
        for (DeployStatus from : values()) {
            for (DeployStatus to : values()) {
                assertEquals(EXPECTED.get(from).contains(to), from.canMoveTo(to), from + " → " + to);
            }
            assertEquals(EXPECTED.get(from), from.successors(), from.name());
        }
    }

    @Test
    void terminalStatesNeverChange() {
        assertEquals(EnumSet.of(COMPLETE, REVERTED, CANCELLED, FAILED),
                EnumSet.copyOf(java.util.Arrays.stream(values()).filter(DeployStatus::isTerminal).toList()));
        for (DeployStatus t : values()) {
            if (t.isTerminal()) {
                for (DeployStatus to : values()) {
                    assertFalse(t.canMoveTo(to), t + " → " + to);
                }
            }
        }
    }

    @Test
    void everyActiveStateCanFailAndNoStateMovesToItself() {
        for (DeployStatus s : values()) {
            if (!s.isTerminal()) {
                assertTrue(s.canMoveTo(FAILED), s.name());
            }
            assertFalse(s.canMoveTo(s), s.name());
        }
    }

    @Test
    void storedNamesAndTimestampColumns() {
        assertEquals("cutting_over", CUTTING_OVER.dbName());
        assertEquals("staged_at", STAGED.timestampColumn());
        assertEquals(REVERSE_SYNCING, fromDb("reverse_syncing"));
    }
}
