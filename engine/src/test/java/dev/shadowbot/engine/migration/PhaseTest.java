package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowbot.engine.store.DeployStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseTest {
    @Test
    void phasesRunInThisOrder() {
        assertEquals(List.of(Phase.PREFLIGHT, Phase.PREPARE, Phase.COPY, Phase.CHECKSUM, Phase.STAGED),
                List.of(Phase.values()));
    }

    @Test
    void eachPhaseFollowsItsStatusInTheTransitionTable() {
        Phase[] p = Phase.values();
        for (int i = 1; i < p.length; i++) {
            DeployStatus prev = p[i - 1].status();
            assertEquals(true, prev.canMoveTo(p[i].status()), prev + " → " + p[i].status());
        }
    }

    @Test
    void resumeStartsAtThePhaseOfTheStoredStatus() {
        assertEquals(Phase.PREPARE, Phase.resumeAt(DeployStatus.QUEUED));
        assertEquals(Phase.PREPARE, Phase.resumeAt(DeployStatus.PREPARING));
        assertEquals(Phase.COPY, Phase.resumeAt(DeployStatus.COPYING));
        assertEquals(Phase.CHECKSUM, Phase.resumeAt(DeployStatus.CHECKSUMMING));
        assertEquals(Phase.STAGED, Phase.resumeAt(DeployStatus.STAGED));
        assertThrows(IllegalArgumentException.class, () -> Phase.resumeAt(DeployStatus.CANCELLED));
    }
}
