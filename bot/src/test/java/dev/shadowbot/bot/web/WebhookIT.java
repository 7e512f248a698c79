package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The webhook endpoint of the real server with a real state database: what is stored and what is refused. */
@RealDatabase
@Timeout(120)
class WebhookIT {
    private static final PlanningService NO_PLANNING = (db, url, files, lint) -> {
        throw new AssertionError("these tests send no pull request that reaches planning");
    };

    @Test
    void refusesBadSignaturesWithoutStoringAnything(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            byte[] body = Webhooks.bytes(Webhooks.load("pull_request.opened.json"));
            WebhookSignature other = new WebhookSignature("not-the-secret");
            byte[] altered = new String(body, StandardCharsets.UTF_8).replace("\"number\": 12", "\"number\": 13")
                    .replace("\"number\":12", "\"number\":13").getBytes(StandardCharsets.UTF_8);
            assertTrue(!Arrays.equals(body, altered), "the body really was altered");
            String goodHeader = new WebhookSignature(BotHarness.SECRET).header(body);
            String sha1 = "sha1=" + "ab".repeat(20);

            assertEquals(401, bot.send("pull_request", BotHarness.newDelivery(), body, null).statusCode(), "missing");
            assertEquals(401, bot.send("pull_request", BotHarness.newDelivery(), body, other.header(body)).statusCode(),
                    "wrong secret");
            assertEquals(401, bot.send("pull_request", BotHarness.newDelivery(), body, sha1).statusCode(),
                    "wrong algorithm");
            assertEquals(401, bot.send("pull_request", BotHarness.newDelivery(), altered, goodHeader).statusCode(),
                    "body altered after signing");
            assertEquals(0, bot.inbox().count(), "nothing stored");
            assertEquals(0, bot.github.calls().size(), "nothing sent to GitHub");
        }
    }

    @Test
    void refusesABodyOverTwentyFiveMegabytes(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            // Declared too large: answered from the headers alone, no body needed.
            String declared = rawPost(bot.bot.port(), "Content-Length: " + (WebhookHandler.MAX_BODY_BYTES + 1), 0);
            assertTrue(declared.startsWith("HTTP/1.1 413"), declared);
            // No length declared (chunked): counted while reading and refused once past the cap.
            String chunked = rawPost(bot.bot.port(), "Transfer-Encoding: chunked", 26);
            assertTrue(chunked.startsWith("HTTP/1.1 413"), chunked);
            assertEquals(0, bot.inbox().count());
        }
    }

    /** A hand-written POST /webhook over a socket; {@code megabytes} chunks of 1 MB are sent when chunked. */
    private static String rawPost(int port, String lengthHeader, int megabytes) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write(("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: pull_request\r\n"
                    + "X-GitHub-Delivery: " + BotHarness.newDelivery() + "\r\nX-Hub-Signature-256: sha256=" + "00".repeat(32)
                    + "\r\nContent-Type: application/json\r\n" + lengthHeader + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                byte[] chunk = new byte[1024 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                for (int i = 0; i < megabytes; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                if (megabytes > 0) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // The server may answer and close before the whole body is sent; the answer is what counts.
            }
            byte[] head = new byte[64];
            int n = s.getInputStream().read(head);
            return n <= 0 ? "" : new String(head, 0, n, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void acknowledgesUnknownEventsAndStoresThemAsIgnored(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            String issue = BotHarness.newDelivery();
            HttpResponse<String> r = bot.send("issues", issue, Webhooks.bytes(Webhooks.load("issues.opened.json")));
            assertEquals(202, r.statusCode());
            assertTrue(r.body().contains("\"outcome\":\"ignored\""), r.body());
            String ping = BotHarness.newDelivery();
            assertEquals(202, bot.send("ping", ping, Webhooks.bytes(Webhooks.load("ping.json"))).statusCode());
            assertEquals(InboxStatus.IGNORED, bot.inbox().find(issue).orElseThrow().status());
            assertEquals(InboxStatus.IGNORED, bot.inbox().find(ping).orElseThrow().status());
            assertEquals(0, bot.github.calls().size());
        }
    }

    @Test
    void aRedeliveryIsStoredAndProcessedOnce(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            // A pull_request action the bot does not act on: processed by a worker, which marks it ignored.
            byte[] body = Webhooks.pullRequest("pull_request.opened.json", "labeled", 12, "c".repeat(40));
            String delivery = BotHarness.newDelivery();
            HttpResponse<String> first = bot.send("pull_request", delivery, body);
            assertEquals(202, first.statusCode());
            assertTrue(first.body().contains("\"outcome\":\"queued\""), first.body());
            Inbox.InboxRow done = bot.await(delivery, InboxStatus.IGNORED);
            assertEquals(1, done.attempts());
            HttpResponse<String> again = bot.send("pull_request", delivery, body);
            assertEquals(202, again.statusCode());
            assertTrue(again.body().contains("\"outcome\":\"duplicate\""), again.body());
            Thread.sleep(300);
            Inbox.InboxRow after = bot.inbox().find(delivery).orElseThrow();
            assertEquals(InboxStatus.IGNORED, after.status());
            assertEquals(1, after.attempts(), "not processed a second time");
            assertEquals(1, bot.inbox().count());
        }
    }

    @Test
    void answers503WhenTheEventCannotBeStored(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            bot.bot.store().close();
            HttpResponse<String> r = bot.send("pull_request", BotHarness.newDelivery(),
                    Webhooks.bytes(Webhooks.load("pull_request.opened.json")));
            assertEquals(503, r.statusCode(), "GitHub records a failed delivery that can be redelivered");
            assertTrue(!r.body().contains("Hikari") && !r.body().contains("mysql://"), r.body());
        }
    }

    @Test
    void answersHealthAndRefusesMissingDeliveryIds(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(bot.uri("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(400, bot.send("pull_request", "bad id with spaces", "{}".getBytes(StandardCharsets.UTF_8))
                    .statusCode());
            assertEquals(0, bot.inbox().count());
        }
    }
}
