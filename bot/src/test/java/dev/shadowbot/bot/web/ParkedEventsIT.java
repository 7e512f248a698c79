package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A parked event is listed on the status page and retried from there (the page's token is needed); a
 * redelivery with the same delivery id stays a duplicate and does not revive it.
 */
@RealDatabase
@Timeout(120)
class ParkedEventsIT {
    static final String TOKEN = "status-token-0123456789abcdef";
    static final String HEAD = "d".repeat(40);

    private static int post(BotHarness bot, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(bot.uri(path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aParkedEventIsListedAndRetriedFromTheStatusPage(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), new EnginePlanningService(), 2,
                new OpsSettings(true, Optional.of(TOKEN)))) {
            FakeRepo repo = bot.github.repo("acme/shop");
            repo.commit("main", Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n"));
            repo.commit(HEAD, Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n",
                    "src/Main.java", "class Main {}"));
            repo.pullRequest(12, "alice", HEAD, List.of("src/Main.java"));
            bot.github.failNextRepoCalls(1_000);
            String delivery = BotHarness.newDelivery();
            byte[] payload = Webhooks.pullRequest("pull_request.opened.json", "opened", 12, HEAD);
            bot.send("pull_request", delivery, payload);
            bot.await(delivery, InboxStatus.PARKED);

            String page = bot.get("/?token=" + TOKEN).body();
            assertTrue(page.contains(delivery) && page.contains("acme/shop#12") && page.contains("Server Error"), page);
            assertTrue(page.contains("action=\"/parked/" + delivery + "/retry?token=" + TOKEN + "\""), page);

            assertTrue(bot.send("pull_request", delivery, payload).body().contains("duplicate"));
            assertEquals(401, post(bot, "/parked/" + delivery + "/retry"), "no token");
            assertEquals(401, post(bot, "/parked/" + delivery + "/retry?token=wrong-token-0123456789"));
            Thread.sleep(300);
            assertEquals(InboxStatus.PARKED, bot.inbox().find(delivery).orElseThrow().status(),
                    "neither the redelivery nor a request without the token revived it");

            bot.github.failNextRepoCalls(0); // GitHub is back
            assertEquals(200, post(bot, "/parked/" + delivery + "/retry?token=" + TOKEN));
            assertEquals(409, post(bot, "/parked/" + delivery + "/retry?token=" + TOKEN), "not parked any more");
            bot.await(delivery, InboxStatus.DONE);
            assertTrue(repo.checkRuns().stream().anyMatch(r -> "success".equals(r.conclusion())));
            assertTrue(bot.get("/?token=" + TOKEN).body().contains("No parked event."));
        }
    }
}
