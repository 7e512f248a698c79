package dev.shadowbot.bot.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retry with backoff through a GitHub outage, and parking once attempts run out. */
@RealDatabase
@Timeout(180)
class InboxRetryIT {
    static final String HEAD = "d".repeat(40);

    @Test
    void retriesThroughAShortGitHubOutage(TestDb state, TestDb app) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 5)) {
            FakeRepo repo = bot.github.repo("acme/shop");
            repo.commit("main", Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n"));
            repo.commit(HEAD, Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n",
                    "src/Main.java", "class Main {}"));
            repo.pullRequest(12, "alice", HEAD, List.of("src/Main.java"));
            bot.github.failNextRepoCalls(2);
            String delivery = BotHarness.newDelivery();
            bot.send("pull_request", delivery, Webhooks.pullRequest("pull_request.opened.json", "opened", 12, HEAD));
            Inbox.InboxRow row = bot.await(delivery, InboxStatus.DONE);
            assertEquals(3, row.attempts(), "two failed attempts, then success");
            assertEquals("success", repo.checkRuns().get(0).conclusion());
        }
    }

    @Test
    void parksAnEventThatKeepsFailingWithItsError(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), new EnginePlanningService(), 3)) {
            bot.github.repo("acme/shop");
            bot.github.failNextRepoCalls(1_000);
            String delivery = BotHarness.newDelivery();
            bot.send("pull_request", delivery, Webhooks.pullRequest("pull_request.opened.json", "opened", 12, HEAD));
            Inbox.InboxRow row = bot.await(delivery, InboxStatus.PARKED);
            assertEquals(3, row.attempts(), "attempts capped");
            assertTrue(row.lastError().contains("502") || row.lastError().contains("Server Error"), row.lastError());
            Thread.sleep(500);
            assertEquals(InboxStatus.PARKED, bot.inbox().find(delivery).orElseThrow().status(), "not retried again");
        }
    }

    @Test
    void anUnreachableTargetDatabaseIsRetriedThenParkedAndTheCheckFailsWithoutConnectionDetails(TestDb state)
            throws Exception {
        // A real connection attempt to a port nothing listens on: the engine's DATABASE error, retried.
        DatabaseUrl nowhere = DatabaseUrl.parse("mysql://sb_deployer:hunter2-secret@127.0.0.1:1/app_prod_eu");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", nowhere), new EnginePlanningService(), 2)) {
            FakeRepo repo = bot.github.repo("acme/shop");
            repo.commit("main", Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n"));
            repo.commit(HEAD, Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n",
                    "db/t.sql", "CREATE TABLE t (id INT PRIMARY KEY);\n"));
            repo.pullRequest(12, "alice", HEAD, List.of("db/t.sql"));
            String delivery = BotHarness.newDelivery();
            bot.send("pull_request", delivery, Webhooks.pullRequest("pull_request.opened.json", "opened", 12, HEAD));
            Inbox.InboxRow row = bot.await(delivery, InboxStatus.PARKED);
            assertEquals(2, row.attempts());
            assertTrue(row.lastError().contains("cannot connect"), row.lastError());
            FakeRepo.CheckRun run = repo.checkRuns().get(0);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"failure".equals(run.conclusion()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("failure", run.conclusion(), "fails closed once the bot gives up");
            String summary = String.valueOf(run.output().get("summary"));
            assertTrue(summary.contains("gave up after retrying") && summary.contains(delivery), summary);
            // The reason (which names the server) is in the operator's log and the inbox, never on GitHub.
            String published = repo.checkRuns() + " " + repo.checkRuns().get(0).fields + " "
                    + repo.comments().stream().map(c -> c.body).toList();
            for (String detail : List.of("127.0.0.1:1", "mysql://", "sb_deployer", "hunter2", "app_prod_eu")) {
                assertFalse(published.contains(detail), detail + " reached GitHub: " + published);
            }
            assertEquals(1, repo.checkRuns().size(), "the same check run for the same head");
        }
    }

    @Test
    void parksAPayloadThatIsNotJsonAtOnce(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), new EnginePlanningService(), 5)) {
            String delivery = BotHarness.newDelivery();
            bot.send("pull_request", delivery, "{not json".getBytes(StandardCharsets.UTF_8));
            Inbox.InboxRow row = bot.await(delivery, InboxStatus.PARKED);
            assertEquals(1, row.attempts());
            assertTrue(row.lastError().contains("not JSON"), row.lastError());
            assertEquals(0, bot.github.calls().size());
        }
    }
}
