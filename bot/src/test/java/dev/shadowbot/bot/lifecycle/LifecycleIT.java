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
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.StateStore;
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
 * The deploy request's life end to end: the real bot on loopback, a real state database, a real target
 * database under concurrent writes, the engine, and the fake GitHub. Open PR → plan comment →
 * approval by a writer → {@code /deploy} → staged with a green check → merge → cutover → revert window
 * (writes go on) → {@code /revert} → the old schema is live again with every acknowledged row, and a
 * final summary comment.
 */
@RealDatabase
@Timeout(240)
class LifecycleIT {
    private static final int ROWS = 6_000;

    @Test
    void approvedDeployStagesThenCutsOverOnMergeUnderWrites(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, LifecycleFixture.CUSTOMERS_TABLE,
                "INSERT INTO customers VALUES (1, 'ann'), (2, 'ben')");
        WriteLoad load = new WriteLoad(app.serverUrl(), new WriteLoadTable(app.schema(), "orders", List.of("id")), 2,
                ROWS * 10L);
        load.seed(ROWS, 10);
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), tree(LifecycleFixture.ORDERS_WITH_NOTE, LifecycleFixture.CUSTOMERS));
            repo.pullRequest(7, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("alice", "write").permission("bob", "write");
            LifecycleFixture.pullRequestEvent(bot, "opened", 7, sha('1'));
            assertEquals(1, repo.comments().size());
            assertEquals("action_required", repo.checkRuns().get(0).conclusion());

            repo.review(7, "bob", "APPROVED", sha('1'));
            load.start();
            String answer = command(bot, repo, 7, "bob", "/deploy");
            assertTrue(answer.contains("Queued `1111111`") && answer.contains("@bob"), answer);

            Entry staged = LifecycleFixture.awaitStatus(queue, 7, DeployQueue.Status.STAGED, Duration.ofSeconds(90));
            assertTrue(staged.migrationId() != null, staged.toString());
            FakeRepo.CheckRun check = repo.checkRuns().get(repo.checkRuns().size() - 1);
            awaitCheck(repo, "success");
            assertEquals(sha('1'), check.headSha());
            String sticky = repo.comments().get(0).body;
            assertTrue(sticky.contains("#### Deploy") && sticky.contains("staged: merge to cut over"), sticky);
            assertTrue(sticky.contains("`orders` | ALTER"), "the plan part stays: " + sticky);

            assertTrue(command(bot, repo, 7, "bob", "/deploy").contains("nothing queued twice"));
            assertEquals(1, queue.forPullRequest(REPO, 7).size(), "a second /deploy does not queue twice");
            assertTrue(command(bot, repo, 7, "carol", "/status").contains("staged"));

            // A second PR on the same database waits for the first: one migration per database.
            repo.commit(sha('8'), tree(LifecycleFixture.ORDERS, LifecycleFixture.CUSTOMERS_WITH_EMAIL));
            repo.pullRequest(8, "carol", sha('8'), List.of("db/app/customers.sql"));
            LifecycleFixture.pullRequestEvent(bot, "opened", 8, sha('8'));
            repo.review(8, "bob", "APPROVED", sha('8'));
            String waiting = command(bot, repo, 8, "bob", "/deploy");
            assertTrue(waiting.contains("queued, position 2 (1 ahead)"), waiting);
            String sticky8 = LifecycleFixture.sticky(repo, 8);
            assertTrue(sticky8.contains("queued, position 2 (1 ahead)"), sticky8);
            Thread.sleep(1_000);
            assertEquals(DeployQueue.Status.QUEUED, queue.forPullRequest(REPO, 8).get(0).status(), "waits its turn");

            Thread.sleep(500); // writes while staged reach the shadow through the stream
            FakeRepo.Pr pr = repo.pull(7);
            pr.state = "closed";
            pr.merged = true;
            LifecycleFixture.pullRequestEvent(bot, "closed", 7, sha('1'));
            Entry cut = LifecycleFixture.awaitStatus(queue, 7, DeployQueue.Status.WINDOW, Duration.ofSeconds(90));
            assertEquals("1", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"), "new schema is live");
            assertEquals(Duration.ofMinutes(45), cut.revertWindow());
            assertTrue(cut.cutoverAt() != null && cut.cutoverLockMillis() != null, cut.toString());
            String window = LifecycleFixture.awaitSticky(repo, 7, "revertible (reverse sync running)");
            assertTrue(window.contains("cut over at " + DeployStatusView.time(cut.cutoverAt()) + " (writes stalled "
                    + cut.cutoverLockMillis() + " ms)") && window.contains("revert window until "
                    + DeployStatusView.time(cut.revertWindowEnd().orElseThrow())), window);
            awaitCheck(repo, "success");

            Thread.sleep(1_500); // writes during the window reach the old table through the reverse sync
            assertTrue(LifecycleFixture.windowCommand(bot, repo, 7, "bob", "/cancel").contains("revert window"));
            String reverted = LifecycleFixture.windowCommand(bot, repo, 7, "bob", "/revert");
            assertTrue(reverted.contains("Reverted") && reverted.contains("old schema is live again"), reverted);
            Entry back = LifecycleFixture.awaitStatus(queue, 7, DeployQueue.Status.REVERTED, Duration.ofSeconds(30));
            load.stop();

            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"), "old schema is live");
            assertTrue(load.acknowledged() > 0, load.toString());
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(cut.cutoverAt(), back.cutoverAt());
            List<FakeRepo.Comment> summary = LifecycleFixture.awaitComments(repo, 7, "**Reverted**");
            assertEquals(1, summary.size(), "one final summary");
            LifecycleFixture.awaitSticky(repo, 7, "↩️ reverted");
            assertTrue(LifecycleFixture.windowCommand(bot, repo, 7, "bob", "/revert").contains("already reverted"));

            LifecycleFixture.awaitStatus(queue, 8, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            LifecycleFixture.awaitSticky(repo, 8, "staged: merge to cut over");
        } finally {
            load.close();
        }
    }

    /**
     * Another replica holds the database's lease, so this bot queues but does not drive; the PR is merged
     * meanwhile. Once the lease is free, the bot runs the deploy to staged and cuts over at once.
     */
    @Test
    void mergedBeforeStagedCutsOverAsSoonAsStagedAndAForeignLeaseIsRespected(TestDb state, TestDb app)
            throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1), (2, 'b', 2)");
        try (StateStore otherReplica = StateStore.open(state.url(), 2)) {
            assertTrue(otherReplica.deployQueue().takeLease("app", "other-replica", 60), "taken before the bot starts");
        }
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), tree(LifecycleFixture.ORDERS_WITH_NOTE));
            repo.pullRequest(3, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("bob", "write");
            repo.review(3, "bob", "APPROVED", sha('1'));
            LifecycleFixture.pullRequestEvent(bot, "opened", 3, sha('1'));
            assertTrue(command(bot, repo, 3, "bob", "/deploy").contains("Queued"));
            FakeRepo.Pr pr = repo.pull(3);
            pr.state = "closed";
            pr.merged = true;
            LifecycleFixture.pullRequestEvent(bot, "closed", 3, sha('1'));
            Thread.sleep(1_500);
            Entry waiting = queue.forPullRequest(REPO, 3).get(0);
            assertEquals(DeployQueue.Status.QUEUED, waiting.status(), "the other replica's lease is respected");
            assertEquals(DeployQueue.Request.CUTOVER, waiting.requested());

            queue.releaseLease("app", "other-replica");
            LifecycleFixture.awaitStatus(queue, 3, DeployQueue.Status.WINDOW, Duration.ofSeconds(60));
            assertEquals("1", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"));
            assertEquals(List.of(java.util.Arrays.asList("1", "a", "1", null), java.util.Arrays.asList("2", "b", "2", null)),
                    app.query("SELECT id, v, n, note FROM orders ORDER BY id"));
            LifecycleFixture.awaitSticky(repo, 3, "cut over at");
        }
    }

    private static void awaitCheck(FakeRepo repo, String conclusion) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<FakeRepo.CheckRun> runs = repo.checkRuns();
            if (conclusion.equals(runs.get(runs.size() - 1).conclusion())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("check never " + conclusion + ": " + repo.checkRuns().get(0).fields);
    }
}
