package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetiredDropTest {
    @Test
    void parsesTheCommandLineNamesOnlyAndDefaultsToAPlainDrop() {
        assertEquals(Optional.of(RetiredDrop.DROP), RetiredDrop.parse("drop"));
        assertEquals(Optional.of(RetiredDrop.STEPWISE), RetiredDrop.parse("stepwise"));
        assertEquals(Optional.empty(), RetiredDrop.parse("DROP TABLE x"));
        assertEquals(Optional.empty(), RetiredDrop.parse(""));
        assertEquals(RetiredDrop.DROP, MigrationOptions.defaults().retiredDrop());
        assertEquals(RetiredDrop.STEPWISE, MigrationOptions.defaults().withRetiredDrop(RetiredDrop.STEPWISE)
                .withLeaseSeconds(3).withRevertWindow(java.time.Duration.ZERO).retiredDrop(), "kept by the other withers");
    }
}
