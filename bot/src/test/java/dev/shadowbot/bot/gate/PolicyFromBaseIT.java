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
 * Config tampering: a pull request's own {@code .github/shadowbot.yml} does not judge it. Approvals,
 * auto-deploy, the revert window, lint severities and the folder → database map come from the base
 * branch, read at decision time; the pull request is told its change applies after it merges.
 */
@RealDatabase
@Timeout(180)
class PolicyFromBaseIT {
    private static final String LOOSE = """
            databases:
              app:
                schema_dir: db/app
            approvals:
              required: 0
              data_loss_teams: [interns]
            auto_deploy_on_approval: true
            revert_window: 0s
            lint:
              drop-column: off
            """;

    @Test
    void aPullRequestCannotLowerTheApprovalsOrTheRevertWindowThatJudgeIt(TestDb state, TestDb app) throws Exception {
        app.exec(TrustFixture.TABLE);
        try (BotHarness bot = TrustFixture.bot(state, app.url())) {
            FakeRepo repo = TrustFixture.repo(bot);
            repo.permission("alice", "write").permission("bob", "write").permission("carol", "write")
                    .permission("dave", "read");
            TrustFixture.open(bot, repo, 5, "alice", '1', tree(LOOSE, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE)),
                    List.of(".github/shadowbot.yml", "db/app/orders.sql"));
            String sticky = TrustFixture.sticky(repo, 5);
            assertTrue(sticky.contains("This pull request changes `.github/shadowbot.yml`")
                    && sticky.contains("judged by the policy on the base branch `main`")
                    && sticky.contains("applies after this pull request merges"), sticky);
            assertTrue(sticky.contains("ADD COLUMN `note`"), "the head's schema files are what is planned: " + sticky);
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);

            String zero = command(bot, repo, 5, "bob", "/deploy");
            assertTrue(zero.contains("refused: not approved") && zero.contains("needs 1 more approval"), zero);
            // The head turns auto_deploy_on_approval on; the base does not: an approval only approves.
            repo.review(5, "dave", "APPROVED", sha('1'));
            TrustFixture.deliver(bot, "pull_request_review", Webhooks.review(5, "dave", "", "approved"),
                    InboxStatus.IGNORED);
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 5);
            TrustFixture.assertARealApprovalDeploys(bot, repo, 5, '1');
            DeployQueue.Entry row = bot.bot.store().deployQueue().forPullRequest(REPO, 5).get(0);
            assertEquals(Duration.ofMinutes(45), row.revertWindow(), "the base branch's revert window, not the head's 0s");
        }
    }

    @Test
    void aPullRequestCannotSwitchOffABlockingLintOrRemapItsFolders(TestDb state, TestDb app) throws Exception {
        app.exec(TrustFixture.TABLE);
        try (BotHarness bot = TrustFixture.bot(state, app.url())) {
            FakeRepo repo = TrustFixture.repo(bot);
            repo.permission("bob", "write").permission("carol", "write");
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);

            // drop-column is an error on main; the head says "off" and drops a column.
            String dropsV = "CREATE TABLE orders (id BIGINT NOT NULL, PRIMARY KEY (id));\n";
            TrustFixture.open(bot, repo, 6, "alice", '1', tree(LOOSE, Map.of("db/app/orders.sql", dropsV)),
                    List.of(".github/shadowbot.yml", "db/app/orders.sql"));
            assertEquals("failure", repo.checkRuns().get(0).conclusion(), "blocked by the base branch's lint");
            assertTrue(TrustFixture.sticky(repo, 6).contains("drop-column"));
            repo.review(6, "carol", "APPROVED", sha('1'));
            String blocked = command(bot, repo, 6, "bob", "/deploy --allow-data-loss");
            assertTrue(blocked.contains("is not deployable"), blocked);

            // The head maps database app to another folder, whose files would drop a column.
            String remap = CONFIG.replace("schema_dir: db/app", "schema_dir: db/evil");
            TrustFixture.open(bot, repo, 8, "alice", '2', tree(remap, Map.of("db/app/orders.sql", TrustFixture.ORDERS,
                    "db/evil/orders.sql", dropsV)), List.of(".github/shadowbot.yml", "db/evil/orders.sql"));
            String remapped = TrustFixture.sticky(repo, 8);
            assertTrue(remapped.contains("applies after this pull request merges")
                    && remapped.contains("No schema changes"), remapped);
            assertFalse(remapped.contains("DROP COLUMN"), remapped);
            repo.review(8, "carol", "APPROVED", sha('2'));
            assertTrue(command(bot, repo, 8, "bob", "/deploy --allow-data-loss").contains("Nothing to deploy"));
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 6);
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 8);
            assertEquals(List.of(List.of("id"), List.of("v")), app.query("SELECT COLUMN_NAME FROM"
                    + " information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + app.schema() + "' ORDER BY ORDINAL_POSITION"));
        }
    }
}
