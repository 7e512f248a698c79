package dev.shadowbot.bot.lifecycle;

import static dev.shadowbot.bot.lifecycle.LifecycleFixture.REPO;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.command;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.sha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The everyday changes through the bot, PR → plan → approval → {@code /deploy} → staged → merge → cutover,
 * with writers on {@code orders}: a PR that only adds a table (the cutover has nothing to rename and must
 * still complete its states), and a PR that changes two tables (one atomic RENAME, on a stock server
 * too). The PR author's own {@code /deploy} without an approval queues nothing.
 */
@RealDatabase
@Timeout(180)
class BotJourneyIT {
    private static final String NEW_TABLE = "CREATE TABLE tags (id BIGINT NOT NULL, label VARCHAR(40) NOT NULL,"
            + " PRIMARY KEY (id));\n";

    @Test
    void aPullRequestThatOnlyAddsATableDeploysAndCutsOverOnMerge(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE);
        Map<String, String> head = files(LifecycleFixture.ORDERS, null);
        head.put("db/app/tags.sql", NEW_TABLE);
        journey(state, app, head, List.of("db/app/tags.sql"));
        assertEquals(List.of(List.of("tags")), app.query("SHOW TABLES LIKE 'tags'"));
    }

    @Test
    void aPullRequestThatChangesTwoTablesSwapsBothOnMerge(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, LifecycleFixture.CUSTOMERS_TABLE, "INSERT INTO customers VALUES (1, 'ann')");
        journey(state, app, files(LifecycleFixture.ORDERS_WITH_NOTE, LifecycleFixture.CUSTOMERS_WITH_EMAIL),
                List.of("db/app/orders.sql", "db/app/customers.sql"));
        assertEquals("2", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + app.schema() + "' AND COLUMN_NAME IN ('note', 'email')"), "both new schemas are live");
        assertEquals(List.of(java.util.Arrays.asList("1", "ann", null)), app.query("SELECT id, name, email FROM customers"));
    }

    @Test
    void aPullRequestDroppingMostTablesNeedsAllowMassDrop(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, LifecycleFixture.CUSTOMERS_TABLE, "CREATE TABLE legacy (id INT PRIMARY KEY)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            // Drops are warnings in this repository's policy: only the data-loss and mass-drop flags stand.
            String config = LifecycleFixture.CONFIG + "lint:\n  drop-table: warning\n";
            LifecycleFixture.base(repo, config);
            repo.commit(sha('2'), LifecycleFixture.treeWith(config, LifecycleFixture.ORDERS, null)); // 2 of 3 gone
            repo.pullRequest(9, "alice", sha('2'), List.of("db/app/customers.sql"));
            repo.permission("alice", "write").permission("bob", "write");
            LifecycleFixture.pullRequestEvent(bot, "opened", 9, sha('2'));
            repo.review(9, "bob", "APPROVED", sha('2'));
            String refused = command(bot, repo, 9, "bob", "/deploy --allow-data-loss");
            assertTrue(refused.contains("drops 2 of 3 live tables") && refused.contains("--allow-mass-drop"), refused);
            assertEquals(List.of(), queue.forPullRequest(REPO, 9), "nothing queued");
            String queued = command(bot, repo, 9, "bob", "/deploy --allow-data-loss --allow-mass-drop");
            assertTrue(queued.contains("Queued `2222222`"), queued);
            LifecycleFixture.awaitStatus(queue, 9, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            assertEquals(3, app.query("SHOW TABLES").size(), "nothing dropped before the merge");
        }
    }

    private static Map<String, String> files(String orders, String customers) {
        return new LinkedHashMap<>(LifecycleFixture.tree(orders, customers));
    }

    /** Opens PR 7 with {@code head}, approves, deploys, merges; every acknowledged write to orders is kept. */
    private static void journey(TestDb state, TestDb app, Map<String, String> head, List<String> changed)
            throws Exception {
        WriteLoad load = new WriteLoad(app.serverUrl(), new WriteLoadTable(app.schema(), "orders", List.of("id")), 2,
                20_000);
        load.seed(2_000, 7);
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), head);
            repo.pullRequest(7, "alice", sha('1'), changed);
            repo.permission("alice", "write").permission("bob", "write");
            LifecycleFixture.pullRequestEvent(bot, "opened", 7, sha('1'));
            String plan = LifecycleFixture.sticky(repo, 7);
            assertTrue(plan.contains("deployable") || plan.contains("Deployable"), plan);
            load.start();

            command(bot, repo, 7, "alice", "/deploy"); // the author, no approval yet
            assertEquals(List.of(), queue.forPullRequest(REPO, 7), "the author's own /deploy queues nothing");

            repo.review(7, "bob", "APPROVED", sha('1'));
            String answer = command(bot, repo, 7, "bob", "/deploy");
            assertTrue(answer.contains("Queued `1111111`"), answer);
            LifecycleFixture.awaitStatus(queue, 7, DeployQueue.Status.STAGED, Duration.ofSeconds(90));
            LifecycleFixture.awaitSticky(repo, 7, "staged: merge to cut over");

            FakeRepo.Pr pr = repo.pull(7);
            pr.state = "closed";
            pr.merged = true;
            LifecycleFixture.pullRequestEvent(bot, "closed", 7, sha('1'));
            DeployQueue.Entry cut = LifecycleFixture.awaitStatus(queue, 7, DeployQueue.Status.WINDOW, Duration.ofSeconds(90));
            assertTrue(cut.cutoverAt() != null, cut.toString());
            LifecycleFixture.awaitSticky(repo, 7, "revert window until");
            Thread.sleep(300);
            load.stop();
            assertTrue(load.acknowledged() > 0, load.toString());
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
        } finally {
            load.close();
        }
    }
}
