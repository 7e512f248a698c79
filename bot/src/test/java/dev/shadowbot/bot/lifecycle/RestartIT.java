package dev.shadowbot.bot.lifecycle;

import static dev.shadowbot.bot.lifecycle.LifecycleFixture.REPO;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.command;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.sha;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.comment.StickyComment;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeGitHub;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bot stops while a deploy is staged (writers keep writing) and a new bot process on the same
 * state database takes it over: the merge cuts over, every acknowledged row is there, and the PR
 * still has exactly one sticky comment. A PR closed without merging cancels its deploy.
 */
@RealDatabase
@Timeout(240)
class RestartIT {
    @Test
    void aRestartedBotCutsOverTheDeployTheOldOneStaged(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE);
        WriteLoad load = new WriteLoad(app.serverUrl(), new WriteLoadTable(app.schema(), "orders", List.of("id")), 2,
                40_000);
        load.seed(4_000, 10);
        Map<String, dev.shadowbot.engine.db.DatabaseUrl> dbs = Map.of("app", app.url());
        try (FakeGitHub gh = new FakeGitHub()) {
            FakeRepo repo = gh.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), tree(LifecycleFixture.ORDERS_WITH_NOTE));
            repo.pullRequest(5, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("bob", "write").permission("carol", "write");
            repo.review(5, "carol", "APPROVED", sha('1'));
            load.start();
            try (BotHarness first = BotHarness.start(gh, false, state.url(), dbs, new EnginePlanningService(), 4)) {
                LifecycleFixture.pullRequestEvent(first, "opened", 5, sha('1'));
                assertTrue(command(first, repo, 5, "bob", "/deploy").contains("Queued"));
                LifecycleFixture.awaitStatus(first.bot.store().deployQueue(), 5, DeployQueue.Status.STAGED,
                        Duration.ofSeconds(90));
            }
            LifecycleFixture.mark("first bot stopped while staged");
            Thread.sleep(500); // writes while no bot runs
            try (BotHarness second = BotHarness.start(gh, false, state.url(), dbs, new EnginePlanningService(), 4)) {
                DeployQueue queue = second.bot.store().deployQueue();
                assertTrue(command(second, repo, 5, "bob", "/status").contains("staged"));
                FakeRepo.Pr pr = repo.pull(5);
                pr.state = "closed";
                pr.merged = true;
                LifecycleFixture.pullRequestEvent(second, "closed", 5, sha('1'));
                LifecycleFixture.awaitStatus(queue, 5, DeployQueue.Status.WINDOW, Duration.ofSeconds(90));
                load.stop();
                assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
                assertEquals("1", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                        + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"));
                assertEquals(1, repo.comments().stream().filter(c -> StickyComment.isSticky(c.body)).count(),
                        "one sticky comment across the restart");
            }
        } finally {
            load.close();
        }
    }

    /**
     * The bot stops in the revert window (reverse sync running, writers writing) and a new process resumes
     * the reverse sync from the engine's checkpoint: {@code /revert} brings the old schema back with every
     * acknowledged row, and nothing is posted twice.
     */
    @Test
    void aRestartedBotResumesTheRevertWindowAndReverts(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE);
        WriteLoad load = new WriteLoad(app.serverUrl(), new WriteLoadTable(app.schema(), "orders", List.of("id")), 2,
                40_000);
        load.seed(3_000, 10);
        Map<String, dev.shadowbot.engine.db.DatabaseUrl> dbs = Map.of("app", app.url());
        try (FakeGitHub gh = new FakeGitHub()) {
            FakeRepo repo = gh.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), tree(LifecycleFixture.ORDERS_WITH_NOTE));
            repo.pullRequest(4, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("bob", "write").permission("carol", "write");
            repo.review(4, "carol", "APPROVED", sha('1'));
            load.start();
            int beforeRestart;
            try (BotHarness first = BotHarness.start(gh, false, state.url(), dbs, new EnginePlanningService(), 4)) {
                LifecycleFixture.pullRequestEvent(first, "opened", 4, sha('1'));
                assertTrue(command(first, repo, 4, "bob", "/deploy").contains("Queued"));
                DeployQueue queue = first.bot.store().deployQueue();
                LifecycleFixture.awaitStatus(queue, 4, DeployQueue.Status.STAGED, Duration.ofSeconds(90));
                FakeRepo.Pr pr = repo.pull(4);
                pr.state = "closed";
                pr.merged = true;
                LifecycleFixture.pullRequestEvent(first, "closed", 4, sha('1'));
                LifecycleFixture.awaitStatus(queue, 4, DeployQueue.Status.WINDOW, Duration.ofSeconds(90));
                LifecycleFixture.awaitSticky(repo, 4, "revertible (reverse sync running)");
                Thread.sleep(500); // writes in the window, reverse-synced by the first bot
                beforeRestart = repo.comments().size();
            }
            LifecycleFixture.mark("first bot stopped in the revert window");
            Thread.sleep(1_000); // writes while no bot runs: the binlog keeps them for the resumed reverse sync
            try (BotHarness second = BotHarness.start(gh, false, state.url(), dbs, new EnginePlanningService(), 4)) {
                DeployQueue queue = second.bot.store().deployQueue();
                Thread.sleep(2_000); // the new runner resumes the window; writes go on
                assertEquals(beforeRestart, repo.comments().size(), "a restart posts nothing");
                assertEquals(DeployQueue.Status.WINDOW, queue.forPullRequest(REPO, 4).get(0).status());
                String reverted = LifecycleFixture.windowCommand(second, repo, 4, "bob", "/revert");
                assertTrue(reverted.contains("old schema is live again"), reverted);
                LifecycleFixture.awaitStatus(queue, 4, DeployQueue.Status.REVERTED, Duration.ofSeconds(30));
                load.stop();
                assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
                assertTrue(load.acknowledged() > 0, load.toString());
                assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                        + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"), "old schema");
                assertEquals(1, LifecycleFixture.awaitComments(repo, 4, "**Reverted**").size(), "one final summary");
                assertEquals(1, repo.comments().stream().filter(c -> StickyComment.isSticky(c.body)).count(),
                        "one sticky comment across the restart");
                assertEquals(beforeRestart + 3, repo.comments().size(),
                        "after the restart only the command, its answer and the summary");
            }
        } finally {
            load.close();
        }
    }

    @Test
    void closingWithoutMergingCancelsAndDropsTheShadows(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), tree(LifecycleFixture.ORDERS_WITH_NOTE));
            repo.pullRequest(6, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("bob", "write").permission("carol", "write");
            repo.review(6, "carol", "APPROVED", sha('1'));
            LifecycleFixture.pullRequestEvent(bot, "opened", 6, sha('1'));
            assertTrue(command(bot, repo, 6, "bob", "/deploy").contains("Queued"));
            DeployQueue queue = bot.bot.store().deployQueue();
            LifecycleFixture.awaitStatus(queue, 6, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            repo.pull(6).state = "closed";
            LifecycleFixture.pullRequestEvent(bot, "closed", 6, sha('1'));
            LifecycleFixture.awaitStatus(queue, 6, DeployQueue.Status.CANCELLED, Duration.ofSeconds(60));
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME LIKE '%\\_shadowbot\\_%'"), "shadows dropped");
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND COLUMN_NAME = 'note'"), "live schema unchanged");
        }
    }
}
