package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccessTokenTest {
    @Test
    void matchesOnlyTheExactToken() {
        AccessToken t = new AccessToken("s3cret-token-0123456789");
        assertTrue(t.matches("s3cret-token-0123456789"));
        assertFalse(t.matches("s3cret-token-012345678"), "prefix");
        assertFalse(t.matches("s3cret-token-0123456789 "), "longer");
        assertFalse(t.matches(""));
        assertFalse(t.matches(null));
        assertThrows(IllegalArgumentException.class, () -> new AccessToken(""));
    }
}
