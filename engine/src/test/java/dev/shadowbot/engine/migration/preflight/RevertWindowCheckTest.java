package dev.shadowbot.engine.migration.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevertWindowCheckTest {
    private static PreflightInput input(Set<String> existing) {
        return new PreflightInput(null, "app", 0, List.of("orders"), existing, 1, OptionalLong.empty());
    }

    @Test
    void refusesATableWhoseOldCopyStillExists() {
        Refusal r = new RevertWindowCheck().check(input(Set.of("orders", "orders_shadowbot_12_old"))).orElseThrow();
        assertTrue(r.message().contains("revert window of deploy request 12"), r.message());
        assertTrue(r.fix().contains("skip-revert --id 12"), r.fix());
    }

    @Test
    void ignoresOtherTablesOldCopies() {
        assertEquals(Optional.empty(), new RevertWindowCheck().check(input(Set.of("orders", "orders2_shadowbot_3_old",
                "items_shadowbot_4_old"))));
    }
}
