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
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Open-loop webhook load driver (JDK only; run with {@code java bench/WebhookLoad.java …}).
 * Sends signed pull_request webhooks at a fixed rate, each with a fresh delivery id, and measures
 * acknowledgement latency from the request's SCHEDULED send time to the full response, so a stalled
 * server shows up as latency instead of silently lowering the rate (no coordinated omission).
 *
 * <p>Args: url secret rate-per-second seconds warmup-seconds payload.json
 */
public final class WebhookLoad {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String secret = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        // An action the bot stores and a worker then marks ignored: the full ack path without GitHub calls.
        byte[] body = Files.readString(Path.of(args[5]), StandardCharsets.UTF_8)
                .replaceFirst("\"action\": \"opened\"", "\"action\": \"labeled\"").getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<Long> measured = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        long intervalNs = 1_000_000_000L / rate;
        int total = rate * (warmup + seconds);
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * intervalNs;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            boolean counted = i >= rate * warmup;
            HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "pull_request")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            inFlight.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                long latency = System.nanoTime() - scheduled;
                if (e != null || r.statusCode() != 202) {
                    errors.incrementAndGet();
                } else if (counted) {
                    measured.add(latency);
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).exceptionally(t -> null).join();
        List<Long> l = new ArrayList<>(measured);
        Collections.sort(l);
        System.out.printf("rate=%d/s duration=%ds warmup=%ds body_bytes=%d measured=%d errors=%d%n",
                rate, seconds, warmup, body.length, l.size(), errors.get());
        System.out.printf("ack_ms p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n", pct(l, 50), pct(l, 90),
                pct(l, 99), pct(l, 99.9), l.isEmpty() ? 0 : l.get(l.size() - 1) / 1e6);
        System.exit(errors.get() == 0 ? 0 : 1);
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
    }
}
