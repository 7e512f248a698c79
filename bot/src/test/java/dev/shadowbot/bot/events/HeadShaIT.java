package dev.shadowbot.bot.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which commit is planned: right after a push GitHub's API may still show the previous head. The payload's
 * head is planned then, so the pushed commit gets its check run; a late event for an older head (the
 * API's pull request is newer than its payload) does not take the plan back to the old commit.
 */
@RealDatabase
@Timeout(180)
class HeadShaIT {
    static final String CONFIG = "databases:\n  app:\n    schema_dir: db/app\n";
    static final String ORDERS = "CREATE TABLE orders (id BIGINT NOT NULL, PRIMARY KEY (id));\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    static String sha(char c) {
        return String.valueOf(c).repeat(40);
    }

    private static void deliver(BotHarness bot, String action, String head, Instant updatedAt) throws Exception {
        ObjectNode p = (ObjectNode) JSON.readTree(Webhooks.pullRequest("pull_request.synchronize.json", action, 12, head));
        ((ObjectNode) p.get("pull_request")).put("updated_at", updatedAt.toString());
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send("pull_request", delivery, Webhooks.bytes(p)).statusCode());
        bot.await(delivery, InboxStatus.DONE);
    }

    @Test
    void theHeadOfThePayloadIsPlannedWhenTheApiStillShowsThePreviousOne(TestDb state, TestDb app) throws Exception {
        app.exec(ORDERS.replace(";", ""));
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 3)) {
            FakeRepo repo = bot.github.repo(BotHarness.REPO);
            repo.commit("main", Map.of(".github/shadowbot.yml", CONFIG, "db/app/orders.sql", ORDERS));
            repo.commit(sha('1'), Map.of(".github/shadowbot.yml", CONFIG,
                    "db/app/orders.sql", ORDERS.replace("PRIMARY", "note INT NULL, PRIMARY")));
            FakeRepo.Pr pr = repo.pullRequest(12, "alice", sha('1'), List.of("db/app/orders.sql"));
            deliver(bot, "opened", sha('1'), pr.updatedAt);

            Thread.sleep(1100); // the push is a later second than the first head (GitHub's updated_at has seconds)
            repo.commit(sha('2'), Map.of(".github/shadowbot.yml", CONFIG,
                    "db/app/orders.sql", ORDERS.replace("PRIMARY", "note BIGINT NULL, PRIMARY")));
            pr = repo.pullRequest(12, "alice", sha('2'), List.of("db/app/orders.sql"));
            pr.staleReads.set(100); // every read while handling the push still shows the old head
            Instant pushed = pr.updatedAt;
            deliver(bot, "synchronize", sha('2'), pushed);

            List<FakeRepo.CheckRun> runs = repo.checkRuns();
            assertEquals(List.of(sha('1'), sha('2')), runs.stream().map(FakeRepo.CheckRun::headSha).toList());
            assertEquals("action_required", runs.get(1).conclusion(), "the pushed head has its verdict");
            String body = repo.comments().get(0).body;
            assertTrue(body.contains("Head `2222222`") && body.contains("bigint"), body);

            // GitHub's replicas caught up; a late redelivered event for the first head changes nothing.
            pr.staleReads.set(0);
            deliver(bot, "synchronize", sha('1'), pushed.minusSeconds(5));
            body = repo.comments().get(0).body;
            assertTrue(body.contains("Head `2222222`"), body);
            assertFalse(body.contains("Head `1111111`"), body);
            assertEquals(List.of(List.of(sha('2'))), state.query(
                    "SELECT head_sha FROM sb_deploy_request WHERE pr_number = 12"));
        }
    }
}
