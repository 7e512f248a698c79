package dev.shadowbot.bot.testing;

import dev.shadowbot.bot.BotServer;
import dev.shadowbot.bot.config.BotConfig;
import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.config.RepoBinding;
import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.github.FakeGitHub;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.web.WebhookSignature;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The real bot on loopback, with a fake GitHub and a real state database. */
public final class BotHarness implements AutoCloseable {
    public static final String SECRET = "test-webhook-secret";

    public final FakeGitHub github;
    public final BotServer bot;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WebhookSignature signature = new WebhookSignature(SECRET);
    private final Path keyDir;
    private final Path keyFile;
    private final boolean ownsGithub;

    private BotHarness(FakeGitHub github, BotServer bot, Path keyDir, Path keyFile, boolean ownsGithub) {
        this.github = github;
        this.bot = bot;
        this.keyDir = keyDir;
        this.keyFile = keyFile;
        this.ownsGithub = ownsGithub;
    }

    /** The PEM file holding the App's private key the bot was started with. */
    public Path privateKeyFile() {
        return keyFile;
    }

    /** The repository the tests' pull requests live in; by default every database is bound to it. */
    public static final String REPO = "acme/shop";

    /** Every database bound to {@link #REPO}, for pull requests into its default branch. */
    public static Map<String, List<RepoBinding>> boundTo(Map<String, DatabaseUrl> databases, String repo) {
        Map<String, List<RepoBinding>> b = new LinkedHashMap<>();
        databases.keySet().forEach(name -> b.put(name, List.of(RepoBinding.parse(repo).orElseThrow())));
        return b;
    }

    public static BotHarness start(DatabaseUrl stateDb, Map<String, DatabaseUrl> databases, PlanningService planning,
                                   int maxAttempts) throws IOException {
        return start(stateDb, databases, planning, maxAttempts, null);
    }

    /** As above with the given operator settings (status page, token); null = from the environment. */
    public static BotHarness start(DatabaseUrl stateDb, Map<String, DatabaseUrl> databases, PlanningService planning,
                                   int maxAttempts, OpsSettings ops) throws IOException {
        return start(new FakeGitHub(), true, stateDb, databases, boundTo(databases, REPO), planning, maxAttempts, ops);
    }

    /** A bot whose databases are bound as {@code bindings} says (the bot's own settings). */
    public static BotHarness start(DatabaseUrl stateDb, Map<String, DatabaseUrl> databases,
                                   Map<String, List<RepoBinding>> bindings, PlanningService planning, int maxAttempts)
            throws IOException {
        return start(new FakeGitHub(), true, stateDb, databases, bindings, planning, maxAttempts, null);
    }

    /**
     * A bot on an existing fake GitHub (a restarted bot sees the same repositories); the caller closes
     * {@code gh} when {@code ownsGithub} is false.
     */
    public static BotHarness start(FakeGitHub gh, boolean ownsGithub, DatabaseUrl stateDb,
                                   Map<String, DatabaseUrl> databases, PlanningService planning, int maxAttempts)
            throws IOException {
        return start(gh, ownsGithub, stateDb, databases, boundTo(databases, REPO), planning, maxAttempts, null);
    }

    private static BotHarness start(FakeGitHub gh, boolean ownsGithub, DatabaseUrl stateDb,
                                    Map<String, DatabaseUrl> databases, Map<String, List<RepoBinding>> bindings,
                                    PlanningService planning, int maxAttempts, OpsSettings ops) throws IOException {
        Path dir = Files.createTempDirectory("shadowbot-bot-test");
        try {
            Path key = gh.writePrivateKey(dir);
            BotConfig config = new BotConfig(0, SECRET, FakeGitHub.APP_ID, key, gh.apiUrl(),
                    Optional.of(stateDb), databases, bindings, 2, maxAttempts, Duration.ofMillis(50), Duration.ofMillis(400),
                    "https://shadowbot.example/docs/");
            return new BotHarness(gh, ops == null ? BotServer.start(config, planning, "127.0.0.1")
                    : BotServer.start(config, planning, "127.0.0.1", ops), dir, key, ownsGithub);
        } catch (RuntimeException e) {
            if (ownsGithub) {
                gh.close();
            }
            throw e;
        }
    }

    public Inbox inbox() {
        return bot.store().inbox();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + bot.port() + path);
    }

    /** Sends a correctly signed webhook; returns the response. */
    public HttpResponse<String> send(String event, String delivery, byte[] body) throws Exception {
        return send(event, delivery, body, signature.header(body));
    }

    /** Sends a webhook with the given signature header (null = none). */
    public HttpResponse<String> send(String event, String delivery, byte[] body, String signatureHeader)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/webhook")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/abc1234")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Hook-ID", "480012345")
                .header("X-GitHub-Hook-Installation-Target-Type", "integration")
                .header("X-GitHub-Hook-Installation-Target-ID", Long.toString(FakeGitHub.APP_ID))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            b.header("X-Hub-Signature-256", signatureHeader);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} on the bot; {@code headers} are name/value pairs. */
    public HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String newDelivery() {
        return UUID.randomUUID().toString();
    }

    /** Waits until the delivery reaches {@code status}; fails with the row's last state otherwise. */
    public Inbox.InboxRow await(String delivery, InboxStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<Inbox.InboxRow> row = Optional.empty();
        while (System.nanoTime() < deadline) {
            row = inbox().find(delivery);
            if (row.isPresent() && row.get().status() == status) {
                return row.get();
            }
            if (row.isPresent() && row.get().status().terminal()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("delivery " + delivery + " did not reach " + status + "; last: " + row);
    }

    @Override
    public void close() {
        bot.close();
        if (ownsGithub) {
            github.close();
        }
        try (var s = Files.walk(keyDir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Temp folder; harmless if left.
        }
    }
}
