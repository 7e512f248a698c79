package dev.shadowbot.bot.gate;

import static dev.shadowbot.bot.gate.TrustFixture.CONFIG;
import static dev.shadowbot.bot.gate.TrustFixture.ORDERS_WITH_NOTE;
import static dev.shadowbot.bot.gate.TrustFixture.command;
import static dev.shadowbot.bot.gate.TrustFixture.sha;
import static dev.shadowbot.bot.gate.TrustFixture.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may make the bot act, tried as an attacker would with the real bot, a real database and the
 * stateful fake GitHub: a read-only user, a non-collaborator, the author approving their own pull
 * request, an App's approval, an approval made stale by a force-push, and comments edited or deleted
 * into commands. Each has no effect (nothing queued, the server unchanged, no one else's comment
 * touched) and every human who asked gets a reason; each test ends with the legitimate request that
 * does work, so "no effect" is not the bot doing nothing at all.
 */
@RealDatabase
@Timeout(180)
class CommandTrustIT {
    private static BotHarness start(TestDb state, TestDb app) throws Exception {
        app.exec(TrustFixture.TABLE, "INSERT INTO orders VALUES (1, 'a'), (2, 'b')");
        return TrustFixture.bot(state, app.url());
    }

    private static FakeRepo repoWithPlannedPr(BotHarness bot) throws Exception {
        FakeRepo repo = TrustFixture.repo(bot);
        repo.permission("alice", "write").permission("bob", "write").permission("carol", "write")
                .permission("mallory", "read").permission("helper[bot]", "write");
        TrustFixture.open(bot, repo, 7, "alice", '1', tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE)),
                List.of("db/app/orders.sql"));
        return repo;
    }

    @Test
    void aReadOnlyUserOrAStrangerCannotDeployOrPlanButAnyoneMayAskStatusAndHelp(TestDb state, TestDb app)
            throws Exception {
        try (BotHarness bot = start(state, app)) {
            FakeRepo repo = repoWithPlannedPr(bot);
            repo.review(7, "carol", "APPROVED", sha('1'));
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);
            int checkUpdates = repo.checkRuns().get(0).updates;

            String reader = command(bot, repo, 7, "mallory", "/deploy");
            assertTrue(reader.contains("@mallory has `read` access to acme/shop; `/deploy` needs write access")
                    && reader.contains("Next: ask someone with write access"), reader);
            // GitHub answers a non-collaborator's permission with 200 and "none", not 404.
            String stranger = command(bot, repo, 7, "stranger", "/deploy --allow-data-loss");
            assertTrue(stranger.contains("@stranger has `none` access"), stranger);
            String plan = command(bot, repo, 7, "mallory", "/plan");
            assertTrue(plan.contains("`/plan` needs write access"), "it reads production: " + plan);
            assertTrue(command(bot, repo, 7, "stranger", "/status").contains("No deploy yet"));
            assertTrue(command(bot, repo, 7, "stranger", "/help").contains("shadowbot commands"));
            assertEquals(checkUpdates, repo.checkRuns().get(0).updates, "a refused /plan planned nothing");
            assertEquals(1, repo.checkRuns().size());
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 7);
            TrustFixture.assertARealApprovalDeploys(bot, repo, 7, '1');
        }
    }

    @Test
    void theAuthorsOwnApprovalAndAnAppsApprovalDoNotCount(TestDb state, TestDb app) throws Exception {
        try (BotHarness bot = start(state, app)) {
            FakeRepo repo = repoWithPlannedPr(bot);
            repo.review(7, "alice", "APPROVED", sha('1')).review(7, "helper[bot]", "APPROVED", sha('1'));
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);

            String self = command(bot, repo, 7, "alice", "/deploy");
            assertTrue(self.contains("refused: not approved") && self.contains("@alice's own approval does not count"),
                    self);
            String app2 = command(bot, repo, 7, "bob", "/deploy");
            assertTrue(app2.contains("@helper[bot] is a GitHub App: approvals by apps never count")
                    && app2.contains("needs 1 more approval"), app2);
            // An App approving again (auto_deploy is off): silent, nothing queued.
            TrustFixture.deliver(bot, "pull_request_review", Webhooks.review(7, "helper[bot]", "", "approved"),
                    InboxStatus.IGNORED);
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 7);
            TrustFixture.assertARealApprovalDeploys(bot, repo, 7, '1');
        }
    }

    @Test
    void aForcePushMakesEveryEarlierApprovalStale(TestDb state, TestDb app) throws Exception {
        try (BotHarness bot = start(state, app)) {
            FakeRepo repo = repoWithPlannedPr(bot);
            repo.review(7, "carol", "APPROVED", sha('1'));
            // Force-push: the approved commit is replaced by one with another schema and is gone from GitHub.
            String wider = ORDERS_WITH_NOTE.replace("VARCHAR(200)", "VARCHAR(250)");
            repo.commit(sha('2'), tree(CONFIG, Map.of("db/app/orders.sql", wider)));
            repo.pullRequest(7, "alice", sha('2'), List.of("db/app/orders.sql"));
            repo.forget(sha('1'));
            TrustFixture.deliver(bot, "pull_request", Webhooks.pullRequest("pull_request.synchronize.json",
                    "synchronize", 7, sha('2')), InboxStatus.DONE);
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);

            String stale = command(bot, repo, 7, "bob", "/deploy");
            assertTrue(stale.contains("@carol's approval is stale: the schema files changed after 1111111")
                    && stale.contains("needs 1 more approval"), stale);
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 7);
            TrustFixture.assertARealApprovalDeploys(bot, repo, 7, '2');
        }
    }

    @Test
    void aCommentEditedIntoACommandOrDeletedDoesNothing(TestDb state, TestDb app) throws Exception {
        try (BotHarness bot = start(state, app)) {
            FakeRepo repo = repoWithPlannedPr(bot);
            repo.review(7, "carol", "APPROVED", sha('1'));
            long id = TrustFixture.nextCommentId();
            repo.userComment(id, 7, "bob", "looks good");
            TrustFixture.deliver(bot, "issue_comment", Webhooks.comment(7, id, "bob", "looks good"),
                    InboxStatus.IGNORED);
            TrustFixture.Baseline server = TrustFixture.baseline(repo, state, app);
            int comments = repo.comments().size();

            // GitHub's own issue_comment "edited" shape, with changes.body.from: the text now reads /deploy.
            repo.userEdit(id, "/deploy");
            TrustFixture.deliver(bot, "issue_comment", Webhooks.issueComment("edited", 7, id, "bob", "/deploy",
                    "looks good"), InboxStatus.IGNORED);
            TrustFixture.deliver(bot, "pull_request_review_comment", Webhooks.reviewCommentEdited(7, "bob",
                    "/deploy --allow-data-loss", "nit"), InboxStatus.IGNORED);
            repo.userDelete(id);
            TrustFixture.deliver(bot, "issue_comment", Webhooks.issueComment("deleted", 7, id, "bob", "/deploy", ""),
                    InboxStatus.IGNORED);
            assertEquals(comments - 1, repo.comments().size(), "no answer, only the deletion");
            assertEquals(List.of(), repo.reactions(), "not even a reaction");
            TrustFixture.assertNoEffect(server.afterAuthorsEdits(repo), bot, repo, state, app, 7);
            assertEquals(0, bot.github.count("PATCH", ".*/issues/comments/.*"), "the bot edited nothing: no sticky"
                    + " change either, as nothing was planned again");

            assertTrue(command(bot, repo, 7, "bob", "/deploy").contains("Queued `1111111`"),
                    "the same text as a new comment is a command");
        }
    }
}
