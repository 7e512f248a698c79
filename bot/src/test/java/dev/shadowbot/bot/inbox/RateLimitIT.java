package dev.shadowbot.bot.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Installation A hits GitHub's primary rate limit: its event is rescheduled for the reset (no worker
 * sleeps, no PR lock is held, no attempt is used), installation B's events are served meanwhile, the
 * status page and the metrics show the wait, and after the reset A's event is handled — nothing lost.
 */
@RealDatabase
@Timeout(120)
class RateLimitIT {
    static final String TOKEN = "status-token-0123456789abcdef";
    static final long A = Webhooks.INSTALLATION;
    static final long B = 77700001;
    static final String HEAD = "d".repeat(40);

    private static void repo(FakeRepo repo) {
        repo.commit("main", Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n"));
        repo.commit(HEAD, Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n",
                "src/Main.java", "class Main {}"));
        repo.pullRequest(12, "alice", HEAD, List.of("src/Main.java"));
    }

    @Test
    void aRateLimitedInstallationWaitsInTheInboxWhileAnotherIsServed(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), new EnginePlanningService(), 2,
                new OpsSettings(true, Optional.of(TOKEN)))) {
            repo(bot.github.repo("acme/shop"));
            repo(bot.github.repo("beta/app"));
            Instant reset = Instant.now().plusSeconds(4);
            bot.github.limits().primary(A, reset);

            String a = BotHarness.newDelivery();
            byte[] payload = Webhooks.pullRequest("pull_request.opened.json", "opened", 12, HEAD);
            bot.send("pull_request", a, payload);
            long deadline = System.currentTimeMillis() + 20_000;
            while (bot.github.limits().limitedAnswers(A) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            Inbox.InboxRow waiting = bot.inbox().find(a).orElseThrow();
            assertEquals(InboxStatus.PENDING, waiting.status(), "rescheduled, not parked (max_attempts is 2)");
            assertEquals(0, waiting.attempts(), "a rate limit uses no attempt");
            assertTrue(waiting.lastError().contains("primary rate limit"), waiting.lastError());

            String page = bot.get("/?token=" + TOKEN).body();
            assertTrue(page.contains("id=\"rate-limits\"") && page.contains(Long.toString(A))
                    && page.contains("primary"), page);
            String metrics = bot.get("/metrics").body();
            assertTrue(metrics.contains("shadowbot_github_rate_limit_waits 1.0"), metrics);
            assertTrue(metrics.contains("shadowbot_github_rate_limited_total{kind=\"primary\"} 1.0"), metrics);

            // Installation B is served while A waits.
            String b = BotHarness.newDelivery();
            bot.send("pull_request", b, Webhooks.forInstallation(payload, B, "beta/app"));
            bot.await(b, InboxStatus.DONE);
            assertTrue(Instant.now().isBefore(reset), "B was handled before A's reset");
            assertEquals("success", bot.github.repo("beta/app").checkRuns().get(0).conclusion());
            assertEquals(0, bot.github.repo("acme/shop").checkRuns().size(), "A made no progress yet");

            bot.github.limits().lift(A);
            Inbox.InboxRow done = bot.await(a, InboxStatus.DONE);
            assertTrue(Instant.now().isAfter(reset), "A was retried after its reset, not before");
            assertEquals(1, done.attempts());
            assertEquals("success", bot.github.repo("acme/shop").checkRuns().get(0).conclusion());
            assertEquals(1, bot.github.limits().limitedAnswers(A), "no call hammered GitHub during the wait");
        }
    }
}
