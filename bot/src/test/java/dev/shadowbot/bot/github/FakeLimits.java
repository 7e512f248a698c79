package dev.shadowbot.bot.github;

import static dev.shadowbot.bot.github.FakeGitHub.json;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;

/**
 * Per-installation limits of {@link FakeGitHub}, answered as GitHub documents them: every API answer
 * carries {@code X-RateLimit-Limit/Remaining/Used/Reset/Resource}; a primary limit is 403 with
 * {@code X-RateLimit-Remaining: 0} and the reset as epoch seconds; a secondary limit is 403 with
 * {@code Retry-After} (or without it: "wait at least one minute"); an uninstalled or suspended
 * installation's tokens get 401 and no new token is issued.
 */
public final class FakeLimits {
    static final int HOURLY = 5000;
    private final Map<Long, Instant> primaryUntil = new ConcurrentHashMap<>();
    private final Map<Long, Instant> secondaryUntil = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> secondaryRetryAfter = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> used = new ConcurrentHashMap<>();
    private final Set<Long> gone = ConcurrentHashMap.newKeySet();
    private final Map<Long, AtomicInteger> limitedAnswers = new ConcurrentHashMap<>();

    /** The installation's primary limit is used up until {@code reset}. */
    public FakeLimits primary(long installation, Instant reset) {
        primaryUntil.put(installation, reset);
        return this;
    }

    /** A secondary limit until {@code until}; answered with {@code Retry-After} when {@code retryAfter}. */
    public FakeLimits secondary(long installation, Instant until, boolean retryAfter) {
        secondaryUntil.put(installation, until);
        secondaryRetryAfter.put(installation, retryAfter);
        return this;
    }

    /** Lifts every limit of the installation (as if its reset came). */
    public FakeLimits lift(long installation) {
        primaryUntil.remove(installation);
        secondaryUntil.remove(installation);
        return this;
    }

    /** The App was uninstalled from (or suspended on) the installation: its tokens answer 401. */
    public FakeLimits uninstall(long installation) {
        gone.add(installation);
        return this;
    }

    public FakeLimits reinstall(long installation) {
        gone.remove(installation);
        return this;
    }

    boolean uninstalled(long installation) {
        return gone.contains(installation);
    }

    /** How many rate-limit answers the installation got. */
    public int limitedAnswers(long installation) {
        return limitedAnswers.getOrDefault(installation, new AtomicInteger()).get();
    }

    /** The answer for a call of the installation, or null when the call goes through. */
    MockResponse check(long installation, Instant now) {
        if (gone.contains(installation)) {
            return json(401, Map.of("message", "Bad credentials", "documentation_url", "https://docs.github.com/rest"));
        }
        Instant p = primaryUntil.get(installation);
        if (p != null && now.isBefore(p)) {
            limitedAnswers.computeIfAbsent(installation, i -> new AtomicInteger()).incrementAndGet();
            return with(json(403, Map.of("message", "API rate limit exceeded for installation ID " + installation + ".",
                    "documentation_url", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")),
                    0, HOURLY, p);
        }
        Instant s = secondaryUntil.get(installation);
        if (s != null && now.isBefore(s)) {
            limitedAnswers.computeIfAbsent(installation, i -> new AtomicInteger()).incrementAndGet();
            MockResponse r = with(json(403, Map.of("message", "You have exceeded a secondary rate limit. Please wait a "
                    + "few minutes before you try again.", "documentation_url",
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")),
                    HOURLY - used(installation), used(installation), now.plus(Duration.ofHours(1)));
            if (Boolean.TRUE.equals(secondaryRetryAfter.get(installation))) {
                r = r.newBuilder().setHeader("Retry-After",
                        Long.toString(Math.max(1, Duration.between(now, s).toSeconds()))).build();
            }
            return r;
        }
        return null;
    }

    /** Adds the rate-limit headers every GitHub API answer carries. */
    MockResponse headers(long installation, Instant now, MockResponse r) {
        int u = used.computeIfAbsent(installation, i -> new AtomicInteger()).incrementAndGet();
        return with(r, Math.max(0, HOURLY - u), u, now.plus(Duration.ofHours(1)));
    }

    private int used(long installation) {
        return used.getOrDefault(installation, new AtomicInteger()).get();
    }

    private static MockResponse with(MockResponse r, int remaining, int used, Instant reset) {
        return r.newBuilder().setHeader("X-RateLimit-Limit", Integer.toString(HOURLY))
                .setHeader("X-RateLimit-Remaining", Integer.toString(remaining))
                .setHeader("X-RateLimit-Used", Integer.toString(used))
                .setHeader("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()))
                .setHeader("X-RateLimit-Resource", "core").build();
    }
}
