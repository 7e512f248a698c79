package dev.shadowbot.bot.github;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * GitHub refused a call for a rate limit (or the installation is known to be limited, so the call was not
 * made). Thrown at once, never slept on, so no worker waits and no lock is held through the wait: the
 * inbox reschedules the event for {@link #until()} without counting an attempt.
 */
public final class RateLimited extends IOException {
    private final RateLimits.Wait wait;

    public RateLimited(RateLimits.Wait wait) {
        super("GitHub " + wait.kind() + " rate limit for installation " + wait.installationId() + " until "
                + wait.until() + (wait.reason().isEmpty() ? "" : " (" + wait.reason() + ")"));
        this.wait = wait;
    }

    public RateLimits.Wait waitFor() {
        return wait;
    }

    public Instant until() {
        return wait.until();
    }

    /** The rate limit somewhere in {@code e}'s causes (github-api and our own code may wrap it). */
    public static Optional<RateLimited> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RateLimited r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
