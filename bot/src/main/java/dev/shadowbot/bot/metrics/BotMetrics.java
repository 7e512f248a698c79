package dev.shadowbot.bot.metrics;

import dev.shadowbot.bot.github.RateLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bot's meters, in one Prometheus registry per bot process (not Micrometer's global registry, so
 * two bots in one JVM — as in tests — count separately). Counters are moved by the code that sees the
 * event (web layer, inbox workers, GitHub connector); gauges that describe stored state are refreshed
 * from the state database by {@link StateGauges} on every scrape.
 */
public final class BotMetrics {
    /** Outcomes the webhook endpoint reports for a stored delivery; anything else is counted as "other". */
    private static final Set<String> ACCEPT_OUTCOMES = Set.of("queued", "duplicate", "ignored");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter received;
    private final AtomicReference<Double> rateLimitRemaining = new AtomicReference<>(Double.NaN);

    public BotMetrics() {
        received = Counter.builder("shadowbot.webhooks.received")
                .description("POST /webhook requests, before any check").register(registry);
        Gauge.builder("shadowbot.github.rate.limit.remaining", rateLimitRemaining, AtomicReference::get)
                .description("X-RateLimit-Remaining of the last GitHub API answer (NaN until the first call)")
                .register(registry);
        // Pre-register the usual series so dashboards see zeros instead of missing series.
        ACCEPT_OUTCOMES.forEach(o -> registry.counter("shadowbot.webhooks.accepted", "outcome", o));
        for (int status : new int[] {400, 401, 413, 503}) {
            registry.counter("shadowbot.webhooks.refused", "status", Integer.toString(status));
        }
        for (String klass : new String[] {"io", "4xx", "5xx"}) {
            registry.counter("shadowbot.github.errors", "status", klass);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void webhookReceived() {
        received.increment();
    }

    /** A delivery the endpoint stored (status 202), by the outcome it answered. */
    public void webhookAccepted(String outcome) {
        String o = outcome != null && ACCEPT_OUTCOMES.contains(outcome) ? outcome : "other";
        registry.counter("shadowbot.webhooks.accepted", "outcome", o).increment();
    }

    /** A delivery the endpoint refused (bad signature, malformed headers, too large, not storable). */
    public void webhookRefused(int status) {
        registry.counter("shadowbot.webhooks.refused", "status", Integer.toString(status)).increment();
    }

    /**
     * An inbox event a worker handled: {@code done}, {@code ignored} or {@code failed} (failed = retried
     * or parked). {@code event} is a signature-checked GitHub event name, so its values are few.
     */
    public void webhookProcessed(String event, String outcome) {
        registry.counter("shadowbot.webhooks.processed", "event", event, "outcome", outcome).increment();
    }

    /** Exposes the GitHub rate-limit waits: installations waiting now, limit answers by kind, calls held back. */
    public void rateLimits(RateLimits limits) {
        Gauge.builder("shadowbot.github.rate.limit.waits", limits, l -> l.active().size())
                .description("installations waiting for a GitHub rate limit to reset (their events are rescheduled)")
                .register(registry);
        FunctionCounter.builder("shadowbot.github.rate.limited", limits, RateLimits::primaryHits)
                .tag("kind", "primary").description("GitHub rate-limit answers").register(registry);
        FunctionCounter.builder("shadowbot.github.rate.limited", limits, RateLimits::secondaryHits)
                .tag("kind", "secondary").description("GitHub rate-limit answers").register(registry);
        FunctionCounter.builder("shadowbot.github.rate.limit.held", limits, RateLimits::refusedCalls)
                .description("GitHub calls not made because their installation was waiting for a reset")
                .register(registry);
    }

    /** One GitHub API answer (or transport failure: status 0). */
    public void githubCall(int status, String rateLimitRemainingHeader) {
        String klass = status == 0 ? "io" : (status / 100) + "xx";
        registry.counter("shadowbot.github.requests", "status", klass).increment();
        if (status == 0 || status >= 400) {
            registry.counter("shadowbot.github.errors", "status", klass).increment();
        }
        if (rateLimitRemainingHeader != null) {
            try {
                rateLimitRemaining.set(Double.parseDouble(rateLimitRemainingHeader.trim()));
            } catch (NumberFormatException ignored) {
                // A proxy in between answered without GitHub's headers; keep the last known value.
            }
        }
    }
}
