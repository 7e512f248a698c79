package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A flood of 1,000 forged webhook requests (no signature, wrong secret, altered body, replayed
 * delivery, wrong content type, oversize body) plus slow-body connections, while valid deliveries
 * keep arriving: every forged one is refused or deduplicated, nothing forged reaches the inbox or
 * GitHub, and the valid ones are acknowledged. Their latency during the flood is written to
 * target/reliability/forged-requests.txt (figures, not assertions).
 */
@RealDatabase
@Timeout(240)
class ForgedRequestsIT {
    private static final PlanningService NO_PLANNING = (db, url, files, lint) -> {
        throw new AssertionError("no forged or ping request reaches planning");
    };

    enum Kind { NO_SIGNATURE, WRONG_SECRET, ALTERED_BODY, REPLAY, WRONG_CONTENT_TYPE, OVERSIZE }

    @Test
    void forgedRequestsAreRefusedAndValidOnesStillFlow(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 2)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            byte[] ping = Webhooks.bytes(Webhooks.load("ping.json"));
            WebhookSignature good = new WebhookSignature(BotHarness.SECRET);
            WebhookSignature wrong = new WebhookSignature("guessed-secret");
            String original = BotHarness.newDelivery();
            assertEquals(202, bot.send("ping", original, ping).statusCode());
            long inboxBefore = bot.inbox().count();

            List<Kind> plan = new ArrayList<>();
            addN(plan, Kind.NO_SIGNATURE, 250);
            addN(plan, Kind.WRONG_SECRET, 250);
            addN(plan, Kind.ALTERED_BODY, 200);
            addN(plan, Kind.REPLAY, 200);
            addN(plan, Kind.WRONG_CONTENT_TYPE, 96);
            addN(plan, Kind.OVERSIZE, 4);
            Collections.shuffle(plan, new java.util.Random(7));

            AtomicBoolean stopSlow = new AtomicBoolean();
            List<Thread> slow = slowBodies(bot.uri("/webhook"), 8, stopSlow);
            Map<Kind, List<Integer>> statuses = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<?>> forged = new ArrayList<>();
            for (Kind k : plan) {
                forged.add(pool.submit(() -> {
                    int status = sendForged(http, bot, k, ping, good, wrong, original);
                    statuses.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(status);
                    return null;
                }));
            }
            List<Long> validMicros = new ArrayList<>();
            int validAccepted = 0;
            for (int i = 0; i < 150; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = bot.send("ping", BotHarness.newDelivery(), ping);
                validMicros.add((System.nanoTime() - t0) / 1000);
                if (r.statusCode() == 202) {
                    validAccepted++;
                }
                Thread.sleep(10);
            }
            for (Future<?> f : forged) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            stopSlow.set(true);
            for (Thread t : slow) {
                t.join(5000);
            }

            assertEquals(150, validAccepted, "every valid delivery acknowledged during the flood");
            assertAll(statuses.get(Kind.NO_SIGNATURE), 401);
            assertAll(statuses.get(Kind.WRONG_SECRET), 401);
            assertAll(statuses.get(Kind.ALTERED_BODY), 401);
            assertAll(statuses.get(Kind.REPLAY), 202);
            assertAll(statuses.get(Kind.WRONG_CONTENT_TYPE), 415);
            assertAll(statuses.get(Kind.OVERSIZE), 413);
            assertEquals(inboxBefore + 150, bot.inbox().count(), "only the valid deliveries were stored");
            assertEquals(0, bot.github.calls().size(), "nothing reached GitHub");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(bot.uri("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "still responsive");
            report(plan.size(), validMicros);
        }
    }

    private static int sendForged(HttpClient http, BotHarness bot, Kind k, byte[] ping, WebhookSignature good,
                                  WebhookSignature wrong, String original) throws Exception {
        String delivery = BotHarness.newDelivery();
        byte[] body = ping;
        String sig = good.header(ping);
        String type = "application/json";
        switch (k) {
            case NO_SIGNATURE -> sig = null;
            case WRONG_SECRET -> sig = wrong.header(ping);
            case ALTERED_BODY -> body = new String(ping, StandardCharsets.UTF_8).replace("\"zen\"", "\"zen2\"")
                    .concat(" ").getBytes(StandardCharsets.UTF_8);
            case REPLAY -> delivery = original;
            case WRONG_CONTENT_TYPE -> {
                body = ("payload=" + java.net.URLEncoder.encode(new String(ping, StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                sig = good.header(body);
                type = "application/x-www-form-urlencoded";
            }
            case OVERSIZE -> body = new byte[WebhookHandler.MAX_BODY_BYTES + 1024];
            default -> throw new IllegalStateException();
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(bot.uri("/webhook")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", type).header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", delivery)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (sig != null) {
            b.header("X-Hub-Signature-256", sig);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            // The server may close an oversize upload early; that is a refusal too.
            return k == Kind.OVERSIZE ? 413 : -1;
        }
    }

    /** Connections that declare a body and then send it one byte at a time. */
    private static List<Thread> slowBodies(URI uri, int n, AtomicBoolean stop) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /webhook HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: application/json\r\n"
                            + "X-GitHub-Event: ping\r\nX-GitHub-Delivery: slow-" + System.nanoTime()
                            + "\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    while (!stop.get()) {
                        out.write('{');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    // the server hung up on the slow body: fine
                }
            }, "slow-body-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private static void addN(List<Kind> plan, Kind k, int n) {
        for (int i = 0; i < n; i++) {
            plan.add(k);
        }
    }

    private static void assertAll(List<Integer> statuses, int expected) {
        assertTrue(statuses != null && !statuses.isEmpty());
        for (int s : statuses) {
            assertEquals(expected, s, "statuses " + statuses.stream().distinct().toList());
        }
    }

    private static void report(int forged, List<Long> micros) throws Exception {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        long max = sorted.get(sorted.size() - 1);
        String line = String.format("forged=%d refused_or_deduplicated=%d valid=%d valid_p50_ms=%.1f valid_p99_ms=%.1f "
                + "valid_max_ms=%.1f slow_body_connections=8%n", forged, forged, micros.size(), p50 / 1000.0,
                p99 / 1000.0, max / 1000.0);
        System.out.print("[forged-requests] " + line);
        Path dir = Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(dir.resolve("forged-requests.txt"), line);
    }
}
