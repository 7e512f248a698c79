package dev.shadowbot.bot.lifecycle;

import static dev.shadowbot.bot.lifecycle.LifecycleFixture.REPO;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.command;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.sha;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every command is answered, and every refusal says why and what to do, with nothing queued and
 * nothing changed on the target: unknown command, no write permission, no approval, self-approval,
 * stale approval, a command naming another repository's PR. Then an accepted {@code /deploy}, its
 * repeat (not queued twice), a schema-changing push that cancels it, and {@code /cancel}.
 */
@RealDatabase
@Timeout(180)
class CommandsIT {
    @Test
    void refusesWhatIsNotAllowedAndAnswersEveryCommand(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1), (2, 'b', NULL)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), tree(LifecycleFixture.ORDERS_WITH_NOTE));
            repo.pullRequest(9, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("alice", "write").permission("bob", "write").permission("carol", "admin")
                    .permission("mallory", "read");
            LifecycleFixture.pullRequestEvent(bot, "opened", 9, sha('1'));

            String unknown = command(bot, repo, 9, "mallory", "/frobnicate now");
            assertTrue(unknown.contains("`/frobnicate now` is not a shadowbot command")
                    && unknown.contains("| `/deploy` |"), unknown);
            assertTrue(command(bot, repo, 9, "mallory", "/help").contains("shadowbot commands"));
            String noWrite = command(bot, repo, 9, "mallory", "/deploy");
            assertTrue(noWrite.contains("@mallory has `read` access") && noWrite.contains("needs write access")
                    && noWrite.contains("Next: ask someone with write access"), noWrite);
            String badFlag = command(bot, repo, 9, "bob", "/deploy --force");
            assertTrue(badFlag.contains("does not take `--force`"), badFlag);

            String unapproved = command(bot, repo, 9, "bob", "/deploy");
            assertTrue(unapproved.contains("refused: not approved") && unapproved.contains("needs 1 more approval"),
                    unapproved);

            repo.review(9, "alice", "APPROVED", sha('1'));
            String self = command(bot, repo, 9, "alice", "/deploy");
            assertTrue(self.contains("@alice's own approval does not count"), self);

            repo.review(9, "mallory", "APPROVED", sha('1'));
            String reader = command(bot, repo, 9, "bob", "/deploy");
            assertTrue(reader.contains("@mallory has no write access"), reader);

            repo.review(9, "carol", "APPROVED", sha('1'));
            repo.commit(sha('2'), tree(LifecycleFixture.ORDERS_WITH_NOTE_AND_INDEX));
            repo.pullRequest(9, "alice", sha('2'), List.of("db/app/orders.sql"));
            LifecycleFixture.pullRequestEvent(bot, "synchronize", 9, sha('2'));
            String stale = command(bot, repo, 9, "bob", "/deploy");
            assertTrue(stale.contains("@carol's approval is stale: the schema files changed after 1111111")
                    && stale.contains("Next: get the approvals above"), stale);

            String foreign = crossRepositoryCommand(bot, repo);
            assertTrue(foreign.contains("names a pull request of `evil/elsewhere`"), foreign);

            assertEquals(List.of(), queue.forPullRequest(REPO, 9), "no refusal queued anything");
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME LIKE '%\\_shadowbot\\_%'"), "no shadow table");

            assertTrue(command(bot, repo, 9, "bob", "/status").contains("No deploy yet"));
            assertTrue(command(bot, repo, 9, "bob", "/revert").contains("this pull request has no deploy"));

            repo.review(9, "carol", "APPROVED", sha('2'));
            String queued = command(bot, repo, 9, "bob", "/deploy");
            assertTrue(queued.contains("Queued `2222222` (approved by @carol)"), queued);
            String again = command(bot, repo, 9, "carol", "/deploy");
            assertTrue(again.contains("nothing queued twice"), again);
            assertEquals(1, queue.forPullRequest(REPO, 9).size());
            LifecycleFixture.awaitStatus(queue, 9, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            String readerPlan = command(bot, repo, 9, "mallory", "/plan");
            assertTrue(readerPlan.contains("`/plan` needs write access"), "it reads production: " + readerPlan);
            assertTrue(command(bot, repo, 9, "bob", "/plan").contains("Planned again"));

            // A push that leaves the schema files as they were keeps the deploy: it moves to the new head.
            Map<String, String> readme = tree(LifecycleFixture.ORDERS_WITH_NOTE_AND_INDEX);
            readme.put("README.md", "# shop, now with notes\n");
            repo.commit(sha('4'), readme);
            repo.pullRequest(9, "alice", sha('4'), List.of("db/app/orders.sql", "README.md"));
            LifecycleFixture.pullRequestEvent(bot, "synchronize", 9, sha('4'));
            DeployQueue.Entry moved = queue.forPullRequest(REPO, 9).get(0);
            assertEquals(DeployQueue.Status.STAGED, moved.status());
            assertEquals(sha('4'), moved.headSha());
            FakeRepo.CheckRun headCheck = repo.checkRuns().get(repo.checkRuns().size() - 1);
            assertEquals(sha('4'), headCheck.headSha());
            assertEquals("success", headCheck.conclusion(), "the new head's check shows the staged deploy");

            // A push that changes the schema after /deploy: what would be applied is no longer what was approved.
            repo.commit(sha('3'), tree(LifecycleFixture.ORDERS_WITH_NOTE));
            repo.pullRequest(9, "alice", sha('3'), List.of("db/app/orders.sql"));
            LifecycleFixture.pullRequestEvent(bot, "synchronize", 9, sha('3'));
            LifecycleFixture.awaitStatus(queue, 9, DeployQueue.Status.CANCELLED, Duration.ofSeconds(60));
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME LIKE '%\\_shadowbot\\_%'"), "shadows dropped");
            assertTrue(command(bot, repo, 9, "bob", "/cancel").contains("Nothing to cancel"));
            String restaled = command(bot, repo, 9, "bob", "/deploy");
            assertTrue(restaled.contains("refused: not approved"), "a fresh approval is needed: " + restaled);
            assertEquals(List.of(List.of("1", "2")), app.query("SELECT MIN(id), MAX(id) FROM orders"));
            LifecycleFixture.mark("closing the bot");
        }
        LifecycleFixture.mark("closed");
    }

    @Test
    void reviewBodiesAndReviewCommentsAreCommandsToo(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE);
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), tree(LifecycleFixture.ORDERS_WITH_NOTE));
            repo.pullRequest(4, "alice", sha('1'), List.of("db/app/orders.sql"));
            String delivery = BotHarness.newDelivery();
            assertEquals(202, bot.send("pull_request_review", delivery, Webhooks.review(4, "bob", "/status\nlooks good"))
                    .statusCode());
            bot.await(delivery, InboxStatus.DONE);
            String onDiff = BotHarness.newDelivery();
            assertEquals(202, bot.send("pull_request_review_comment", onDiff,
                    Webhooks.reviewComment(4, "dora", "/frobnicate")).statusCode());
            bot.await(onDiff, InboxStatus.DONE);
            List<FakeRepo.Comment> comments = repo.comments();
            assertEquals(2, comments.size());
            assertTrue(comments.get(1).body.startsWith("@dora `/frobnicate` is not a shadowbot command"),
                    comments.get(1).body);
            assertTrue(comments.get(0).body.startsWith("@bob No deploy yet."), comments.get(0).body);
            assertEquals(List.of(), repo.reactions(), "reviews take no reactions");
        }
    }

    private static String crossRepositoryCommand(BotHarness bot, FakeRepo repo) throws Exception {
        var payload = Webhooks.load("issue_comment.created.json");
        var issue = (com.fasterxml.jackson.databind.node.ObjectNode) payload.get("issue");
        issue.put("number", 9);
        issue.put("repository_url", "https://api.github.com/repos/evil/elsewhere");
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("comment")).put("body", "/deploy");
        int before = repo.comments().size();
        String delivery = BotHarness.newDelivery();
        bot.send("issue_comment", delivery, Webhooks.bytes(payload));
        bot.await(delivery, InboxStatus.DONE);
        assertEquals(before + 1, repo.comments().size());
        return repo.comments().get(repo.comments().size() - 1).body;
    }
}
