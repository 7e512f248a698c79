package dev.shadowbot.bot.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.bot.logging.SecretMasker;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /readyz}: 200 when the state database answers {@code SELECT 1} and GitHub's API base URL
 * answers an HTTP request; otherwise 503 with a JSON body naming what is down. Both checks are bounded
 * by {@link #CHECK_TIMEOUT} and their result is cached for {@link #CACHE_FOR}, so a probe every second
 * costs at most one query and one GitHub request per cache period. The GitHub check asks
 * {@code /rate_limit}, which GitHub does not count against the rate limit; any HTTP status below 500
 * means GitHub is reachable (authentication is not part of readiness).
 */
public final class Readiness implements AutoCloseable {
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntConsumer pingStateDb;
    private final URI githubProbe;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CHECK_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shadowbot-readiness");
        t.setDaemon(true);
        return t;
    });
    private final LongSupplier nanoClock;
    private volatile Report cached;

    /** What each dependency said: "ok" or the reason it is down. */
    public record Report(Map<String, String> checks, long atNanos) {
        public boolean ready() {
            return checks.values().stream().allMatch("ok"::equals);
        }
    }

    /**
     * @param pingStateDb  runs {@code SELECT 1} with the given timeout in seconds; throws when the database is down
     * @param githubApiUrl GitHub's API base URL, e.g. https://api.github.com
     */
    public Readiness(IntConsumer pingStateDb, String githubApiUrl) {
        this(pingStateDb, githubApiUrl, System::nanoTime);
    }

    Readiness(IntConsumer pingStateDb, String githubApiUrl, LongSupplier nanoClock) {
        this.pingStateDb = pingStateDb;
        this.githubProbe = URI.create(githubApiUrl.replaceAll("/+$", "") + "/rate_limit");
        this.nanoClock = nanoClock;
    }

    public void handle(Context ctx) {
        Report r = report();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", r.ready() ? "ready" : "not ready");
        ObjectNode checksNode = body.putObject("checks");
        r.checks().forEach(checksNode::put);
        ctx.status(r.ready() ? 200 : 503).contentType("application/json").header("Cache-Control", "no-store")
                .result(body.toString());
    }

    /** The cached report, or a fresh one when the cache is older than {@link #CACHE_FOR}. */
    public synchronized Report report() {
        Report r = cached;
        long now = nanoClock.getAsLong();
        if (r != null && now - r.atNanos() < CACHE_FOR.toNanos()) {
            return r;
        }
        Future<String> db = checks.submit(this::checkStateDb);
        Future<String> gh = checks.submit(this::checkGitHub);
        Map<String, String> result = new LinkedHashMap<>();
        result.put("state_database", await(db));
        result.put("github", await(gh));
        Report fresh = new Report(Map.copyOf(result), nanoClock.getAsLong());
        if (!fresh.ready() && (r == null || !fresh.checks().equals(r.checks()))) {
            LOG.warn("readiness=not_ready checks={}", result);
        }
        cached = fresh;
        return fresh;
    }

    private String checkStateDb() {
        try {
            pingStateDb.accept((int) CHECK_TIMEOUT.toSeconds());
            return "ok";
        } catch (RuntimeException e) {
            return "down: " + oneLine(e.getMessage());
        }
    }

    private String checkGitHub() {
        HttpRequest req = HttpRequest.newBuilder(githubProbe).timeout(CHECK_TIMEOUT).GET()
                .header("Accept", "application/vnd.github+json").header("User-Agent", "shadowbot-readiness").build();
        try {
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status < 500 ? "ok" : "down: " + githubProbe.getHost() + " answered HTTP " + status;
        } catch (IOException e) {
            return "down: cannot reach " + githubProbe.getHost() + ": " + oneLine(
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down: interrupted";
        }
    }

    private static String await(Future<String> f) {
        try {
            return f.get(CHECK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return "down: no answer within " + CHECK_TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down: interrupted";
        } catch (java.util.concurrent.ExecutionException e) {
            return "down: " + oneLine(String.valueOf(e.getCause()));
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        // /readyz needs no token: mask anything secret-looking before it leaves the process.
        String line = SecretMasker.maskText(s.lines().findFirst().orElse(""));
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
