package dev.shadowbot.engine.cutover;

import java.time.Duration;

/**
 * Cutover tuning.
 *
 * @param lockWait      how long LOCK TABLES may wait for the live tables (a long transaction can hold
 *                      them); also bounds the RENAME's wait
 * @param attempts      attempts before giving up and staying staged
 * @param backoff       wait after the first failed attempt; doubles each time
 * @param drainBudget   how long the drain under lock may take before the attempt is abandoned
 */
public record CutoverOptions(Duration lockWait, int attempts, Duration backoff, Duration drainBudget) {
    public static final CutoverOptions DEFAULTS =
            new CutoverOptions(Duration.ofSeconds(2), 5, Duration.ofMillis(500), Duration.ofSeconds(5));

    public CutoverOptions {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (lockWait.toSeconds() < 1) {
            throw new IllegalArgumentException("lockWait must be at least 1 s (the server counts whole seconds)");
        }
    }
}
