package dev.shadowbot.bot.inbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of {@code base · 2^(n-1)},
 * capped at {@code max}. The jitter spreads retries of events that failed together (GitHub outage).
 */
public record Backoff(Duration base, Duration max) {
    /** Delay after the failed attempt number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        long baseMs = Math.max(1, base.toMillis());
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long full = Math.min(max.toMillis(), baseMs << shift);
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }
}
