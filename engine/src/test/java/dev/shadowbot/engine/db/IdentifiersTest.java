package dev.shadowbot.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void quotesAndDoublesBackticks() {
        assertEquals("`users`", Identifiers.quote("users"));
        assertEquals("`we``ird`", Identifiers.quote("we`ird"));
        assertEquals("`select`", Identifiers.quote("select"));
        assertEquals("`ünïcode 表`", Identifiers.quote("ünïcode 表"));
        assertEquals("`s`.`t`", Identifiers.qualified("s", "t"));
    }

    @Test
    void rejectsEmptyAndNul() {
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote(""));
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote("a\0b"));
    }

    @Test
    void literalEscapes() {
        assertEquals("'it''s \\\\ ok\\n'", Identifiers.literal("it's \\ ok\n"));
    }
}
