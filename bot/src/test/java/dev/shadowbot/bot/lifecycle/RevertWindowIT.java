package dev.shadowbot.bot.lifecycle;

import static dev.shadowbot.bot.lifecycle.LifecycleFixture.REPO;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.command;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.sha;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.windowCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The refusals of the revert window: no write access, not revertible (a widened column holds a value
 * the old type cannot), window over; and {@code /skip-revert} closing it early.
 */
@RealDatabase
@Timeout(180)
class RevertWindowIT {
    private static final String WIDE = """
            CREATE TABLE orders (
              id BIGINT NOT NULL,
              v VARCHAR(200) NOT NULL,
              n INT NULL,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;

    @Test
    void notRevertibleIsRefusedWithTheReasonAndSkipRevertClosesTheWindow(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1), (2, 'b', 2)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            cutOver(bot, repo, queue, 11, LifecycleFixture.treeWith(LifecycleFixture.CONFIG, WIDE, null));

            String noAccess = windowCommand(bot, repo, 11, "dave", "/revert");
            assertTrue(noAccess.contains("@dave has `read` access") && noAccess.contains("needs write access"), noAccess);

            app.exec("INSERT INTO orders VALUES (3, '" + "x".repeat(100) + "', 3)");
            LifecycleFixture.awaitSticky(repo, 11, "not revertible");
            String refused = windowCommand(bot, repo, 11, "bob", "/revert");
            assertTrue(refused.contains("Refused `/revert`") && refused.contains("cannot be reverted")
                    && refused.contains("Data too long"), refused);
            assertEquals(DeployQueue.Status.WINDOW, queue.forPullRequest(REPO, 11).get(0).status());
            assertEquals("200", app.scalar("SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE"
                    + " TABLE_SCHEMA = '" + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'v'"),
                    "nothing changed: the new schema stays live");
            assertEquals("3", app.scalar("SELECT COUNT(*) FROM orders"));

            String skipped = windowCommand(bot, repo, 11, "bob", "/skip-revert");
            assertTrue(skipped.contains("Revert window closed") && skipped.contains("old table dropped"), skipped);
            LifecycleFixture.awaitStatus(queue, 11, DeployQueue.Status.COMPLETE, Duration.ofSeconds(30));
            List<FakeRepo.Comment> summary = LifecycleFixture.awaitComments(repo, 11, "**Deploy complete**");
            assertEquals(1, summary.size());
            assertTrue(summary.get(0).body.contains("closed early (`/skip-revert`)"), summary.get(0).body);
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME LIKE '%\\_shadowbot\\_%'"), "old table dropped");
            LifecycleFixture.awaitSticky(repo, 11, "✅ complete");
        }
    }

    @Test
    void revertBeforeTheCutoverAndAfterTheWindowIsRefused(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            String config = LifecycleFixture.CONFIG.replace("revert_window: 45m", "revert_window: 3s");
            LifecycleFixture.base(repo, config);
            repo.commit(sha('1'), LifecycleFixture.treeWith(config, LifecycleFixture.ORDERS_WITH_NOTE, null));
            repo.pullRequest(12, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("bob", "write");
            repo.review(12, "bob", "APPROVED", sha('1'));
            LifecycleFixture.pullRequestEvent(bot, "opened", 12, sha('1'));
            assertTrue(command(bot, repo, 12, "bob", "/deploy").contains("Queued"));
            LifecycleFixture.awaitStatus(queue, 12, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            String early = command(bot, repo, 12, "bob", "/revert");
            assertTrue(early.contains("none is cut over yet") && early.contains("merge the pull request"), early);

            FakeRepo.Pr pr = repo.pull(12);
            pr.state = "closed";
            pr.merged = true;
            LifecycleFixture.pullRequestEvent(bot, "closed", 12, sha('1'));
            Entry done = LifecycleFixture.awaitStatus(queue, 12, DeployQueue.Status.COMPLETE, Duration.ofSeconds(60));
            assertEquals(Duration.ofSeconds(3), done.revertWindow());
            List<FakeRepo.Comment> summary = LifecycleFixture.awaitComments(repo, 12, "**Deploy complete**");
            assertEquals(1, summary.size());
            assertTrue(summary.get(0).body.contains("The revert window ended at"), summary.get(0).body);

            String late = windowCommand(bot, repo, 12, "bob", "/revert");
            assertTrue(late.contains("the revert window of `app` is over"), late);
            assertEquals("1", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"), "new schema stays");
        }
    }

    private static void cutOver(BotHarness bot, FakeRepo repo, DeployQueue queue, int number,
                                Map<String, String> tree) throws Exception {
        repo.commit(sha('1'), tree);
        repo.pullRequest(number, "alice", sha('1'), List.of("db/app/orders.sql"));
        repo.permission("bob", "write").permission("dave", "read");
        repo.review(number, "bob", "APPROVED", sha('1'));
        LifecycleFixture.pullRequestEvent(bot, "opened", number, sha('1'));
        assertTrue(command(bot, repo, number, "bob", "/deploy").contains("Queued"));
        LifecycleFixture.awaitStatus(queue, number, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
        FakeRepo.Pr pr = repo.pull(number);
        pr.state = "closed";
        pr.merged = true;
        LifecycleFixture.pullRequestEvent(bot, "closed", number, sha('1'));
        LifecycleFixture.awaitStatus(queue, number, DeployQueue.Status.WINDOW, Duration.ofSeconds(60));
        LifecycleFixture.awaitSticky(repo, number, "revertible (reverse sync running)");
    }
}
