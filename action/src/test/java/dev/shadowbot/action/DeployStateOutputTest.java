package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.migration.DeployState;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployStateOutputTest {
    @Test
    void progressNeverShowsMoreRowsThanTotalNorOverAHundredPercent() {
        // rows_total is the server's estimate (information_schema), often below the rows really copied.
        DeployState s = new DeployState(1, "app", "copying", List.of(new DeployState.TableState("t", "t_new", "copying",
                200_000, 199_481)), null, null, "", "", null, null, null, null, null);
        String line = DeployStateOutput.progress(s, 1000);
        assertTrue(line.contains("200000/200000 rows (100%)"), line);
    }
}
