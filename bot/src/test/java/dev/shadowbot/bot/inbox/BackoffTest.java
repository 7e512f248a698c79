package dev.shadowbot.bot.inbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesPerAttemptWithinHalfJitterAndStopsAtTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
        for (int i = 0; i < 200; i++) {
            assertBetween(b.delayAfter(1), 1_000, 2_000);
            assertBetween(b.delayAfter(2), 2_000, 4_000);
            assertBetween(b.delayAfter(5), 16_000, 32_000);
            assertBetween(b.delayAfter(20), 150_000, 300_000);
            assertBetween(b.delayAfter(1_000), 150_000, 300_000);
        }
    }

    private static void assertBetween(Duration d, long lowMs, long highMs) {
        assertTrue(d.toMillis() >= lowMs && d.toMillis() <= highMs, d + " not in [" + lowMs + ", " + highMs + "] ms");
    }
}
