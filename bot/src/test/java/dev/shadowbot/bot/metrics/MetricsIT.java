package dev.shadowbot.bot.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.PlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.bot.web.WebhookSignature;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics} of the real server with a real state database: counters move with signed webhooks. */
@RealDatabase
@Timeout(120)
class MetricsIT {
    private static final PlanningService NO_PLANNING = (db, url, files, lint) -> {
        throw new AssertionError("this PR touches no schema files");
    };

    @Test
    void countsWebhooksGitHubCallsAndStoredState(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), NO_PLANNING, 3)) {
            String before = scrape(bot);
            assertEquals(0.0, value(before, "shadowbot_webhooks_received_total", ""));
            assertEquals(1.0, value(before, "shadowbot_state_db_up", ""), "state DB gauge refreshed on scrape");

            FakeRepo repo = bot.github.repo("acme/shop");
            repo.commit("1".repeat(40), Map.of("README.md", "# shop\n"));
            repo.pullRequest(12, "alice", "1".repeat(40), List.of("README.md"));
            String handled = BotHarness.newDelivery();
            assertEquals(202, bot.send("pull_request", handled,
                    Webhooks.pullRequest("pull_request.opened.json", "opened", 12, "1".repeat(40))).statusCode());
            bot.await(handled, InboxStatus.DONE);
            assertEquals(202, bot.send("pull_request", handled,
                    Webhooks.pullRequest("pull_request.opened.json", "opened", 12, "1".repeat(40))).statusCode(),
                    "a redelivery is acknowledged as a duplicate");
            String labeled = BotHarness.newDelivery();
            assertEquals(202, bot.send("pull_request", labeled,
                    Webhooks.pullRequest("pull_request.opened.json", "labeled", 12, "1".repeat(40))).statusCode());
            bot.await(labeled, InboxStatus.IGNORED);
            assertEquals(202, bot.send("ping", BotHarness.newDelivery(),
                    Webhooks.bytes(Webhooks.load("ping.json"))).statusCode());
            byte[] body = Webhooks.bytes(Webhooks.load("ping.json"));
            assertEquals(401, bot.send("ping", BotHarness.newDelivery(), body,
                    new WebhookSignature("not-the-secret").header(body)).statusCode());

            String after = scrape(bot);
            assertEquals(5.0, value(after, "shadowbot_webhooks_received_total", ""));
            assertEquals(2.0, value(after, "shadowbot_webhooks_accepted_total", "outcome=\"queued\""));
            assertEquals(1.0, value(after, "shadowbot_webhooks_accepted_total", "outcome=\"duplicate\""));
            assertEquals(1.0, value(after, "shadowbot_webhooks_accepted_total", "outcome=\"ignored\""));
            assertEquals(1.0, value(after, "shadowbot_webhooks_refused_total", "status=\"401\""));
            assertEquals(1.0, value(after, "shadowbot_webhooks_processed_total",
                    "event=\"pull_request\",outcome=\"done\""));
            assertEquals(1.0, value(after, "shadowbot_webhooks_processed_total",
                    "event=\"pull_request\",outcome=\"ignored\""));
            assertEquals(0.0, value(after, "shadowbot_inbox_depth", ""), "every event was handled");

            long repoCalls = bot.github.calls().stream().filter(c -> c.path().startsWith("/repos/")).count();
            assertTrue(repoCalls > 0, "the PR was looked at on GitHub");
            double counted = value(after, "shadowbot_github_requests_total", "status=\"2xx\"")
                    + value(after, "shadowbot_github_requests_total", "status=\"4xx\"");
            assertEquals(repoCalls, counted, 0.0, "every repository call went through the metered connector");
            assertTrue(after.contains("shadowbot_github_rate_limit_remaining"), after);
            assertTrue(after.contains("shadowbot_deploy_requests{state=\"staged\"} 0.0"), "states registered at zero");
        }
    }

    private static String scrape(BotHarness bot) throws Exception {
        HttpResponse<String> r = bot.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return r.body();
    }

    /** The value of one series; 0 when the series is absent (a counter that never moved). */
    static double value(String scrape, String name, String labels) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + (labels.isEmpty() ? "(\\{[^}]*})?"
                : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*}") + " (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : 0.0;
    }
}
