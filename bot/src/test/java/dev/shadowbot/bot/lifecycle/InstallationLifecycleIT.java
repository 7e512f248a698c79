package dev.shadowbot.bot.lifecycle;

import static dev.shadowbot.bot.lifecycle.LifecycleFixture.REPO;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.command;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.sha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.store.Installations;
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
 * The App uninstalled, suspended, or a repository removed from it (GitHub's own payload examples): deploys
 * not cut over are cancelled and their shadow tables dropped, with the reason on the row; an open revert
 * window ends normally although every GitHub call now answers 401; {@code unsuspend} resumes.
 */
@RealDatabase
@Timeout(240)
class InstallationLifecycleIT {
    static final String CONFIG = LifecycleFixture.CONFIG.replace("revert_window: 45m", "revert_window: 6s");

    private static void deliver(BotHarness bot, String event, ObjectNode payload) throws Exception {
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send(event, delivery, Webhooks.bytes(payload)).statusCode());
        bot.await(delivery, InboxStatus.DONE);
    }

    private static void deploy(BotHarness bot, FakeRepo repo, int pr, char head, String file) throws Exception {
        repo.pullRequest(pr, "alice", sha(head), List.of(file));
        repo.review(pr, "bob", "APPROVED", sha(head));
        LifecycleFixture.pullRequestEvent(bot, "opened", pr, sha(head));
        assertTrue(command(bot, repo, pr, "bob", "/deploy").contains("Queued"));
    }

    private static String shadowTables(TestDb app) throws Exception {
        return app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + app.schema()
                + "' AND TABLE_NAME LIKE '%\\_shadowbot\\_%'");
    }

    @Test
    void uninstallCancelsWhatIsNotCutOverAndLetsTheRevertWindowEnd(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, LifecycleFixture.CUSTOMERS_TABLE, "INSERT INTO orders VALUES (1, 'a', 1)",
                "INSERT INTO customers VALUES (1, 'c')");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, CONFIG);
            repo.permission("bob", "write");
            repo.commit(sha('1'), LifecycleFixture.treeWith(CONFIG, LifecycleFixture.ORDERS_WITH_NOTE,
                    LifecycleFixture.CUSTOMERS));
            deploy(bot, repo, 11, '1', "db/app/orders.sql");
            LifecycleFixture.awaitStatus(queue, 11, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            FakeRepo.Pr merged = repo.pull(11);
            merged.state = "closed";
            merged.merged = true;
            LifecycleFixture.pullRequestEvent(bot, "closed", 11, sha('1'));
            LifecycleFixture.awaitStatus(queue, 11, DeployQueue.Status.WINDOW, Duration.ofSeconds(60));

            repo.commit(sha('2'), LifecycleFixture.treeWith(CONFIG, LifecycleFixture.ORDERS_WITH_NOTE,
                    LifecycleFixture.CUSTOMERS_WITH_EMAIL));
            deploy(bot, repo, 12, '2', "db/app/customers.sql");
            LifecycleFixture.awaitStatus(queue, 12, DeployQueue.Status.STAGED, Duration.ofSeconds(60));

            bot.github.uninstall(Webhooks.INSTALLATION); // from now on: 401 for the App's tokens
            deliver(bot, "installation", Webhooks.github("installation", "deleted"));

            Entry cancelled = LifecycleFixture.awaitStatus(queue, 12, DeployQueue.Status.CANCELLED, Duration.ofSeconds(60));
            assertTrue(cancelled.error().contains("the App was uninstalled from"), cancelled.error());
            Entry ended = LifecycleFixture.awaitStatus(queue, 11, DeployQueue.Status.COMPLETE, Duration.ofSeconds(60));
            assertEquals(null, ended.error(), "the window ended normally");
            assertEquals("0", shadowTables(app), "shadow of #12 and old table of #11 dropped");
            assertEquals("1", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'"), "#11 stays live");
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'email'"), "#12 never cut over");
            assertEquals(Installations.State.DELETED, bot.bot.store().installations().get(Webhooks.INSTALLATION)
                    .orElseThrow().state());
        }
    }

    @Test
    void aRemovedRepositoryIsCancelledAndUnsuspendResumes(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, CONFIG);
            repo.permission("bob", "write");
            repo.commit(sha('1'), LifecycleFixture.treeWith(CONFIG, LifecycleFixture.ORDERS_WITH_NOTE, null));
            deploy(bot, repo, 21, '1', "db/app/orders.sql");
            LifecycleFixture.awaitStatus(queue, 21, DeployQueue.Status.STAGED, Duration.ofSeconds(60));

            // Another installation of the App (another account) removing a repository of the same name, and
            // suspending itself, cancels nothing here: rows are matched by installation id.
            ObjectNode foreign = Webhooks.github("installation_repositories", "removed");
            ((ObjectNode) foreign.get("installation")).put("id", 424242L);
            ((ObjectNode) foreign.get("repositories_removed").get(0)).put("full_name", REPO);
            deliver(bot, "installation_repositories", foreign);
            ObjectNode foreignSuspend = Webhooks.github("installation", "suspend");
            ((ObjectNode) foreignSuspend.get("installation")).put("id", 424242L);
            deliver(bot, "installation", foreignSuspend);
            Thread.sleep(700);
            assertEquals(DeployQueue.Status.STAGED, queue.forPullRequest(REPO, 21).get(0).status());
            assertEquals(null, queue.forPullRequest(REPO, 21).get(0).requested(), "no cancel requested");

            ObjectNode removed = Webhooks.github("installation_repositories", "removed");
            ObjectNode gone = (ObjectNode) removed.get("repositories_removed").get(0);
            gone.put("full_name", REPO).put("name", "shop"); // GitHub's example removes octocat/Hello-World
            deliver(bot, "installation_repositories", removed);
            Entry cancelled = LifecycleFixture.awaitStatus(queue, 21, DeployQueue.Status.CANCELLED, Duration.ofSeconds(60));
            assertTrue(cancelled.error().contains(REPO + " was removed from the App's installation"), cancelled.error());
            assertEquals("0", shadowTables(app));

            deliver(bot, "installation", Webhooks.github("installation", "suspend"));
            assertEquals(Installations.State.SUSPENDED, bot.bot.store().installations().get(Webhooks.INSTALLATION)
                    .orElseThrow().state());
            deliver(bot, "installation", Webhooks.github("installation", "unsuspend"));
            assertEquals(Installations.State.ACTIVE, bot.bot.store().installations().get(Webhooks.INSTALLATION)
                    .orElseThrow().state());
            int checks = repo.checkRuns().size();
            repo.commit(sha('3'), LifecycleFixture.treeWith(CONFIG, LifecycleFixture.ORDERS_WITH_NOTE, null));
            repo.pullRequest(22, "alice", sha('3'), List.of("db/app/orders.sql"));
            LifecycleFixture.pullRequestEvent(bot, "opened", 22, sha('3'));
            assertEquals(checks + 1, repo.checkRuns().size(), "events are handled again");
        }
    }
}
