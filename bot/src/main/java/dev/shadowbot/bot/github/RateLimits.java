package dev.shadowbot.bot.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub rate limits per installation, failing fast. github-api's default handlers <em>sleep</em> until
 * the limit resets — inside whatever the caller holds (a pull request's row lock), stalling every event
 * behind it. Here both handlers throw {@link RateLimited} at once and remember the wait: the primary
 * limit (403/429 with {@code X-RateLimit-Remaining: 0}) until {@code X-RateLimit-Reset}; a secondary
 * limit until {@code Retry-After}, else at least {@link #SECONDARY_MINIMUM}. While an installation waits,
 * its calls are refused without reaching GitHub (which would extend a secondary limit); other
 * installations are not affected. The waits are shown on the status page and in metrics.
 */
public final class RateLimits {
    /** GitHub: without Retry-After, wait at least one minute after a secondary rate limit. */
    public static final Duration SECONDARY_MINIMUM = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    private final Clock clock;
    private final Map<Long, Wait> waits = new ConcurrentHashMap<>();
    private final AtomicLong primary = new AtomicLong();
    private final AtomicLong secondary = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public RateLimits(Clock clock) {
        this.clock = clock;
    }

    /** One installation's wait: {@code kind} is {@code primary} or {@code secondary}. */
    public record Wait(long installationId, String kind, Instant since, Instant until, String reason) {
    }

    /** The installation's current wait, if any (expired waits are dropped). */
    public Optional<Wait> active(long installationId) {
        Wait w = waits.get(installationId);
        if (w != null && !clock.instant().isBefore(w.until())) {
            waits.remove(installationId, w);
            return Optional.empty();
        }
        return Optional.ofNullable(w);
    }

    /** Every current wait, soonest end first. */
    public List<Wait> active() {
        waits.keySet().forEach(this::active);
        return waits.values().stream().sorted(Comparator.comparing(Wait::until)).toList();
    }

    /** Rate-limit answers from GitHub, by kind; and calls refused locally while waiting. */
    public long primaryHits() {
        return primary.get();
    }

    public long secondaryHits() {
        return secondary.get();
    }

    public long refusedCalls() {
        return refused.get();
    }

    /** Configures a client builder to fail fast on both limits, recording waits for {@code installationId}. */
    public GitHubBuilder configure(GitHubBuilder b, long installationId) {
        return b.withRateLimitHandler(new GitHubRateLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse r) throws IOException {
                throw new RateLimited(record(installationId, r, true));
            }
        }).withAbuseLimitHandler(new GitHubAbuseLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse r) throws IOException {
                throw new RateLimited(record(installationId, r, "0".equals(r.header("X-RateLimit-Remaining"))));
            }
        });
    }

    /** A connector that refuses calls of a waiting installation before they reach GitHub. */
    public GitHubConnector gate(GitHubConnector inner, long installationId) {
        return new GitHubConnector() {
            @Override
            public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
                Optional<Wait> w = active(installationId);
                if (w.isPresent()) {
                    refused.incrementAndGet();
                    throw new RateLimited(w.get());
                }
                return secondaryWithoutHeader(inner.send(request), installationId);
            }
        };
    }

    /**
     * github-api recognises a secondary limit only by 429 or by a 403 with {@code Retry-After}; GitHub also
     * answers 403 "You have exceeded a secondary rate limit" without it (then: wait at least a minute).
     * Such a 403's small error body is read here; any other answer passes untouched.
     */
    private GitHubConnectorResponse secondaryWithoutHeader(GitHubConnectorResponse r, long installationId)
            throws IOException {
        if (r.statusCode() != 403 || r.header("Retry-After") != null || "0".equals(r.header("X-RateLimit-Remaining"))) {
            return r;
        }
        byte[] body;
        try (r; InputStream in = r.bodyStream()) {
            body = in == null ? new byte[0] : in.readNBytes(64 * 1024);
        }
        if (new String(body, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("secondary rate limit")) {
            throw new RateLimited(record(installationId, r, false));
        }
        return new GitHubConnectorResponse(r.request(), r.statusCode(), r.allHeaders()) {
            @Override
            public InputStream bodyStream() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public void close() {
            }
        };
    }

    Wait record(long installationId, GitHubConnectorResponse r, boolean primaryLimit) {
        Instant now = clock.instant();
        Instant until;
        String reset = r.header("X-RateLimit-Reset");
        String retryAfter = r.header("Retry-After");
        if (primaryLimit && reset != null && reset.matches("\\d+")) {
            until = Instant.ofEpochSecond(Long.parseLong(reset));
        } else if (retryAfter != null && retryAfter.matches("\\d+")) {
            until = now.plusSeconds(Long.parseLong(retryAfter));
        } else {
            until = now.plus(SECONDARY_MINIMUM);
        }
        if (!until.isAfter(now)) {
            until = now.plusSeconds(1); // a reset already past (clock skew): try again shortly, not in a loop
        }
        String kind = primaryLimit ? "primary" : "secondary";
        (primaryLimit ? primary : secondary).incrementAndGet();
        Wait w = new Wait(installationId, kind, now, until, "HTTP " + r.statusCode()
                + (r.header("X-RateLimit-Resource") == null ? "" : ", resource " + r.header("X-RateLimit-Resource")));
        waits.merge(installationId, w, (old, fresh) -> fresh.until().isAfter(old.until()) ? fresh : old);
        LOG.warn("github=rate_limited installation={} kind={} until={} status={}", installationId, kind, until,
                r.statusCode());
        return waits.get(installationId);
    }
}
