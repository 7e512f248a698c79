package dev.shadowbot.bot.gate;

import static dev.shadowbot.bot.gate.TrustFixture.CONFIG;
import static dev.shadowbot.bot.gate.TrustFixture.ORDERS_WITH_NOTE;
import static dev.shadowbot.bot.gate.TrustFixture.REPO;
import static dev.shadowbot.bot.gate.TrustFixture.command;
import static dev.shadowbot.bot.gate.TrustFixture.sha;
import static dev.shadowbot.bot.gate.TrustFixture.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.config.RepoBinding;
import dev.shadowbot.bot.deploy.EnginePlanningService;
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
 * The bot's settings bind each database to the repositories (and base branches) that may use it. A
 * config naming a database not bound to its repository — written on the base branch, or proposed by a
 * fork — is refused with the setting to change, nothing is read from that database (connections are
 * counted by a proxy in front of it), and none of its schema appears on GitHub.
 */
@RealDatabase
@Timeout(180)
class DatabaseBindingIT {
    /** Another team's database: its table and column names must never reach acme/shop's pull requests. */
    private static final String LEDGER = "CREATE TABLE ledger_secret (id BIGINT NOT NULL, iban_secret VARCHAR(34),"
            + " PRIMARY KEY (id))";
    private static final String WITH_BILLING = CONFIG.replace("revert_window", """
              billing:
                schema_dir: db/billing
            revert_window""");

    private static Map<String, List<RepoBinding>> bindings() {
        return Map.of("app", List.of(RepoBinding.parse("acme/shop").orElseThrow()),
                "billing", List.of(RepoBinding.parse("acme/billing").orElseThrow()));
    }

    @Test
    void aDatabaseBoundToAnotherRepositoryIsRefusedNamingTheSettingAndNeverRead(TestDb state, TestDb app,
                                                                                TestDb billing) throws Exception {
        app.exec(TrustFixture.TABLE);
        billing.exec(LEDGER);
        try (CountingProxy ledger = new CountingProxy(billing.url());
             BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url(), "billing", ledger.url()),
                     bindings(), new EnginePlanningService(), 4)) {
            FakeRepo repo = bot.github.repo(REPO);
            // A writer put billing into acme/shop's policy (say, copied from the billing repository).
            TrustFixture.base(repo, WITH_BILLING);
            repo.permission("bob", "write").permission("carol", "write");
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, billing);
            TrustFixture.open(bot, repo, 3, "alice", '1', tree(WITH_BILLING, Map.of("db/billing/ledger.sql",
                    "CREATE TABLE ledger_secret (id BIGINT NOT NULL, PRIMARY KEY (id));\n")),
                    List.of("db/billing/ledger.sql"));

            assertEquals(0, ledger.connections(), "nothing was read from billing");
            String sticky = TrustFixture.sticky(repo, 3);
            assertTrue(sticky.contains("database 'billing' is not bound to acme/shop (base branch main) on the bot,"
                    + " so nothing was read from it") && sticky.contains(
                    "databases.billing.repositories in bot.yml, or SHADOWBOT_DATABASE_REPOS"), sticky);
            assertEquals("failure", repo.checkRuns().get(0).conclusion());
            repo.review(3, "carol", "APPROVED", sha('1'));
            String refused = command(bot, repo, 3, "bob", "/deploy --allow-data-loss");
            assertTrue(refused.contains("is not deployable"), refused);
            assertEquals(0, ledger.connections());
            TrustFixture.assertNotPublished(repo, "iban_secret", "DROP COLUMN", billing.schema());
            TrustFixture.assertNoEffect(before, bot, repo, state, billing, 3);

            // A name the bot does not know gets the very same answer: a config cannot probe for databases.
            String ghost = WITH_BILLING.replace("billing", "ghost");
            repo.commit("main", tree(ghost, Map.of()));
            TrustFixture.open(bot, repo, 4, "alice", '2', tree(ghost, Map.of("db/ghost/t.sql",
                    "CREATE TABLE t (id INT PRIMARY KEY);\n")), List.of("db/ghost/t.sql"));
            assertTrue(TrustFixture.sticky(repo, 4).contains("database 'ghost' is not bound to acme/shop (base branch"
                    + " main) on the bot, so nothing was read from it"));
        }
    }

    @Test
    void aForkMappingAForeignDatabaseReachesNothing(TestDb state, TestDb app, TestDb billing) throws Exception {
        app.exec(TrustFixture.TABLE);
        billing.exec(LEDGER);
        try (CountingProxy ledger = new CountingProxy(billing.url());
             CountingProxy shop = new CountingProxy(app.url());
             BotHarness bot = BotHarness.start(state.url(), Map.of("app", shop.url(), "billing", ledger.url()),
                     bindings(), new EnginePlanningService(), 4)) {
            FakeRepo repo = TrustFixture.repo(bot);
            repo.permission("bob", "write");
            // The fork maps one of its folders to billing, hoping the plan comment prints billing's live tables.
            repo.commit(sha('1'), tree(WITH_BILLING, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE,
                    "db/billing/ledger.sql", "CREATE TABLE x (id INT PRIMARY KEY);\n")));
            repo.pullRequest(9, "eve", sha('1'), List.of(".github/shadowbot.yml", "db/app/orders.sql",
                    "db/billing/ledger.sql")).headRepo = "eve/shop";
            TrustFixture.deliver(bot, "pull_request", Webhooks.forkPullRequest("opened", 9, sha('1'), "eve/shop", "eve"),
                    InboxStatus.DONE);
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, billing);
            assertEquals(0, ledger.connections() + shop.connections(), "a fork's PR reads no database by itself");
            assertTrue(TrustFixture.sticky(repo, 9).contains("after merge, database 'billing' is not bound to acme/shop"));

            // Even a writer's /plan plans only what the base branch maps (app), never billing.
            assertTrue(command(bot, repo, 9, "bob", "/plan").contains("Planned again"));
            assertTrue(shop.connections() > 0, "app was planned on request");
            assertEquals(0, ledger.connections(), "billing never");
            assertTrue(TrustFixture.sticky(repo, 9).contains("ADD COLUMN `note`"));
            assertTrue(command(bot, repo, 9, "bob", "/deploy").contains("never deploys a fork's pull request"));
            TrustFixture.assertNotPublished(repo, "ledger_secret", "iban_secret", billing.schema());
            TrustFixture.assertNoEffect(before, bot, repo, state, billing, 9);
        }
    }

    @Test
    void aSchemaFileCannotReachIntoAnotherSchemaOnTheSameServer(TestDb state, TestDb app, TestDb billing)
            throws Exception {
        app.exec(TrustFixture.TABLE);
        billing.exec(LEDGER);
        try (BotHarness bot = TrustFixture.bot(state, app.url())) {
            FakeRepo repo = TrustFixture.repo(bot);
            repo.permission("bob", "write");
            // A foreign key into billing's schema would probe (or, created, print) another team's table.
            String probe = "CREATE TABLE probe (id BIGINT NOT NULL PRIMARY KEY, l BIGINT,\n"
                    + "  FOREIGN KEY (l) REFERENCES `" + billing.schema() + "`.`ledger_secret` (id));\n";
            repo.commit(sha('1'), tree(CONFIG, Map.of("db/app/orders.sql", TrustFixture.ORDERS,
                    "db/app/probe.sql", probe)));
            repo.pullRequest(12, "eve", sha('1'), List.of("db/app/probe.sql")).headRepo = "eve/shop";
            TrustFixture.deliver(bot, "pull_request", Webhooks.forkPullRequest("opened", 12, sha('1'), "eve/shop",
                    "eve"), InboxStatus.DONE);
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);
            assertTrue(command(bot, repo, 12, "bob", "/plan").contains("Planned again"));
            String plan = TrustFixture.sticky(repo, 12);
            assertTrue(plan.contains("a foreign key references a table of another schema")
                    && plan.contains("db/app/probe.sql:1"), plan);
            TrustFixture.assertNotPublished(repo, "iban_secret", "CREATE TABLE `probe`");
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 12);
        }
    }

    @Test
    void aPullRequestIntoABranchTheDatabaseIsNotBoundToIsRefused(TestDb state, TestDb app) throws Exception {
        app.exec(TrustFixture.TABLE);
        try (CountingProxy shop = new CountingProxy(app.url());
             BotHarness bot = TrustFixture.bot(state, shop.url())) {
            FakeRepo repo = TrustFixture.repo(bot);
            // An old branch whose policy wanted no approvals: pointing the PR at it must not lower the bar.
            repo.commit("legacy", tree(CONFIG + "approvals: { required: 0 }\n", Map.of()));
            repo.permission("bob", "write");
            repo.commit(sha('1'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE)));
            repo.pullRequest(11, "alice", sha('1'), List.of("db/app/orders.sql")).baseRef = "legacy";
            TrustFixture.deliver(bot, "pull_request", Webhooks.pullRequest("pull_request.opened.json", "opened", 11,
                    sha('1')), InboxStatus.DONE);
            assertTrue(TrustFixture.sticky(repo, 11).contains("database 'app' is not bound to acme/shop (base branch"
                    + " legacy)") && TrustFixture.sticky(repo, 11).contains("add acme/shop:legacy to"));
            TrustFixture.Baseline before = TrustFixture.baseline(repo, state, app);
            assertTrue(command(bot, repo, 11, "bob", "/deploy").contains("is not deployable"));
            assertEquals(0, shop.connections());
            TrustFixture.assertNoEffect(before, bot, repo, state, app, 11);
        }
    }
}
