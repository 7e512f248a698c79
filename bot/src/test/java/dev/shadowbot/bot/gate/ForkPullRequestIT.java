package dev.shadowbot.bot.gate;

import static dev.shadowbot.bot.gate.TrustFixture.CONFIG;
import static dev.shadowbot.bot.gate.TrustFixture.ORDERS_WITH_NOTE;
import static dev.shadowbot.bot.gate.TrustFixture.REPO;
import static dev.shadowbot.bot.gate.TrustFixture.command;
import static dev.shadowbot.bot.gate.TrustFixture.sha;
import static dev.shadowbot.bot.gate.TrustFixture.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.CountingProxy;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pull request from a fork (GitHub's {@code pull_request} payload with a {@code head.repo} that is
 * not the base repository) is not planned against production until a user with write access asks,
 * and is never deployed, whoever asks. The database is reached only through a connection-counting
 * proxy, so "not planned" is measured on the wire, not inferred from the comment.
 */
@RealDatabase
@Timeout(180)
class ForkPullRequestIT {
    @Test
    void aForkIsPlannedOnlyWhenAWriterAsksAndNeverDeploys(TestDb state, TestDb app) throws Exception {
        app.exec(TrustFixture.TABLE, "INSERT INTO orders VALUES (1, 'a')");
        try (CountingProxy db = new CountingProxy(app.url());
             BotHarness bot = TrustFixture.bot(state, db.url())) {
            FakeRepo repo = TrustFixture.repo(bot);
            repo.permission("bob", "write").permission("carol", "write");
            // GitHub serves a fork PR's head commit from the base repository too (refs/pull/N/head).
            repo.commit(sha('1'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE)));
            repo.pullRequest(21, "eve", sha('1'), List.of("db/app/orders.sql")).headRepo = "eve/shop";
            TrustFixture.deliver(bot, "pull_request", Webhooks.forkPullRequest("opened", 21, sha('1'), "eve/shop", "eve"),
                    InboxStatus.DONE);

            assertEquals(0, db.connections(), "nothing was read from the production database");
            String held = TrustFixture.sticky(repo, 21);
            assertTrue(held.contains("comes from the fork `eve/shop`") && held.contains("**never deploys**")
                    && held.contains("Database `app` — not planned (pull request from a fork)")
                    && held.contains("comments `/plan`"), held);
            assertFalse(held.contains("ADD COLUMN"), held);
            assertEquals("action_required", repo.checkRuns().get(0).conclusion(), "not passing: nothing was planned");
            assertEquals(List.of(), state.query("SELECT id FROM sb_deploy_request WHERE pr_number = 21"));
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);

            String authorDeploy = command(bot, repo, 21, "eve", "/deploy");
            assertTrue(authorDeploy.contains("@eve has `none` access"), authorDeploy);
            assertTrue(command(bot, repo, 21, "eve", "/plan").contains("`/plan` needs write access"));
            repo.review(21, "carol", "APPROVED", sha('1'));
            String writerDeploy = command(bot, repo, 21, "bob", "/deploy");
            assertTrue(writerDeploy.contains("comes from the fork `eve/shop`, and shadowbot never deploys a fork's"
                    + " pull request") && writerDeploy.contains("Next: push the branch to acme/shop"), writerDeploy);
            assertEquals(0, db.connections(), "refusals read nothing either");
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 21);

            // A writer asks: now it is planned against production (read-only), and still cannot deploy.
            String planned = command(bot, repo, 21, "bob", "/plan");
            assertTrue(planned.contains("Planned again") && planned.contains("comes from a fork, so it cannot be"
                    + " deployed"), planned);
            assertTrue(db.connections() > 0, "the writer's /plan did read production");
            String plan = TrustFixture.sticky(repo, 21);
            assertTrue(plan.contains("ADD COLUMN `note`") && plan.contains("planned at the request of @bob")
                    && plan.contains("**never deploys**") && !plan.contains("comment `/deploy`"), plan);
            TrustFixture.Baseline afterPlan = TrustFixture.baseline(repo, state, app);
            String again = command(bot, repo, 21, "carol", "/deploy");
            assertTrue(again.contains("never deploys a fork's pull request"), again);
            TrustFixture.deliver(bot, "pull_request_review", Webhooks.review(21, "carol", "", "approved"),
                    InboxStatus.IGNORED);
            TrustFixture.assertNoEffect(afterPlan, bot, repo, state, app, 21);
            assertEquals(afterPlan.server(), before.server(), "planning left nothing behind on the server");

            // The fork author pushes again: the new head is not planned until a writer asks again.
            int seen = db.connections();
            repo.commit(sha('2'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE.replace("200", "999"))));
            repo.pullRequest(21, "eve", sha('2'), List.of("db/app/orders.sql"));
            TrustFixture.deliver(bot, "pull_request", Webhooks.forkPullRequest("synchronize", 21, sha('2'), "eve/shop",
                    "eve"), InboxStatus.DONE);
            assertEquals(seen, db.connections(), "a fork's push is not planned by itself");
            String pushed = TrustFixture.sticky(repo, 21);
            assertTrue(pushed.contains("Head `2222222`") && pushed.contains("not planned (pull request from a fork)")
                    && !pushed.contains("varchar(999)"), pushed);
        }
    }

    @Test
    void aPullRequestWhoseForkWasDeletedIsStillAFork(TestDb state, TestDb app) throws Exception {
        app.exec(TrustFixture.TABLE);
        try (CountingProxy db = new CountingProxy(app.url());
             BotHarness bot = TrustFixture.bot(state, db.url())) {
            FakeRepo repo = TrustFixture.repo(bot);
            repo.permission("bob", "write");
            repo.commit(sha('1'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE)));
            repo.pullRequest(22, "eve", sha('1'), List.of("db/app/orders.sql")).headRepo = null;
            TrustFixture.deliver(bot, "pull_request", Webhooks.forkPullRequest("opened", 22, sha('1'), "eve/shop", "eve"),
                    InboxStatus.DONE);
            assertEquals(0, db.connections());
            assertTrue(TrustFixture.sticky(repo, 22).contains("comes from a fork that no longer exists"));
            repo.review(22, "bob", "APPROVED", sha('1'));
            assertTrue(command(bot, repo, 22, "bob", "/deploy").contains("comes from a deleted fork"));
            assertEquals(List.of(), bot.bot.store().deployQueue().forPullRequest(REPO, 22));
        }
    }
}
