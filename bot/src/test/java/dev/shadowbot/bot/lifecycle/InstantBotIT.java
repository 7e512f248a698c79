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
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The instant path from the bot: the plan comment says instant or copy per table before anyone deploys; with
 * the default policy an added column is staged at once and cut over in place at merge; the comment says during the window what a revert loses; {@code /revert} keeps every row.
 * And the attack: a pull request whose own {@code .github/shadowbot.yml} asks for {@code instant: auto}
 * while the base branch says {@code never} is still copied.
 */
@RealDatabase
@Timeout(180)
class InstantBotIT {
    private static final String DEFAULT_CONFIG = LifecycleFixture.CONFIG.replace("instant: never\n", "");

    @Test
    void defaultPolicyDeploysInPlaceAndRevertKeepsEveryRow(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1), (2, 'b', 2)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, DEFAULT_CONFIG);
            deployAndMerge(bot, repo, queue, 21, LifecycleFixture.treeWith(DEFAULT_CONFIG, LifecycleFixture.ORDERS_WITH_NOTE, null));
            String sticky = LifecycleFixture.awaitSticky(repo, 21, "revertible in place");
            assertTrue(sticky.contains("revert drops column note of orders: values written only to it are lost"), sticky);
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME LIKE '%\\_shadowbot\\_%'"), "no shadow or old table");

            app.exec("INSERT INTO orders VALUES (3, 'c', 3, 'written in the window')");
            String early = windowCommand(bot, repo, 21, "dave", "/revert");
            assertTrue(early.contains("needs write access"), "a reader cannot revert: " + early);
            windowCommand(bot, repo, 21, "bob", "/revert");
            LifecycleFixture.awaitStatus(queue, 21, DeployQueue.Status.REVERTED, Duration.ofSeconds(60));
            assertEquals(List.of(List.of("1", "a", "1"), List.of("2", "b", "2"), List.of("3", "c", "3")),
                    app.query("SELECT * FROM orders ORDER BY id"), "old schema, every row");
        }
    }

    @Test
    void aPullRequestCannotTurnTheInstantPathOn(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG); // instant: never
            repo.commit(sha('1'), LifecycleFixture.treeWith(DEFAULT_CONFIG + "instant: auto\n",
                    LifecycleFixture.ORDERS_WITH_NOTE, null));
            repo.pullRequest(22, "alice", sha('1'), List.of("db/app/orders.sql", ".github/shadowbot.yml"));
            repo.permission("bob", "write");
            repo.review(22, "bob", "APPROVED", sha('1'));
            LifecycleFixture.pullRequestEvent(bot, "opened", 22, sha('1'));
            String plan = LifecycleFixture.awaitSticky(repo, 22, "path: copy");
            assertTrue(plan.contains("**path: copy (instant: never)**"), "the base branch's policy: " + plan);
            assertTrue(command(bot, repo, 22, "bob", "/deploy").contains("Queued"));
            DeployQueue.Entry staged = LifecycleFixture.awaitStatus(queue, 22, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            assertTrue(!staged.progress().contains("path: instant") && staged.progress().contains("rows"), staged.progress());
            assertEquals("1", app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND TABLE_NAME LIKE 'orders\\_shadowbot\\_%\\_new'"), "copied through a shadow");
        }
    }

    private static void deployAndMerge(BotHarness bot, FakeRepo repo, DeployQueue queue, int number,
                                       Map<String, String> tree) throws Exception {
        repo.commit(sha('1'), tree);
        repo.pullRequest(number, "alice", sha('1'), List.of("db/app/orders.sql"));
        repo.permission("bob", "write").permission("dave", "read");
        repo.review(number, "bob", "APPROVED", sha('1'));
        LifecycleFixture.pullRequestEvent(bot, "opened", number, sha('1'));
        // The plan says so before anyone deploys: the server's answer and what a revert would lose.
        String plan = LifecycleFixture.awaitSticky(repo, number, "path: instant");
        assertTrue(plan.contains("**path: instant (the server changes and reverts every table in place)**")
                && plan.contains("- orders: instant (ALGORITHM=INSTANT for the change and its revert; revert drops note)")
                && plan.contains("- revert drops column note of orders: values written only to it are lost"), plan);
        assertTrue(command(bot, repo, number, "bob", "/deploy").contains("Queued"));
        DeployQueue.Entry staged = LifecycleFixture.awaitStatus(queue, number, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
        assertTrue(staged.progress().contains("path: instant"), staged.progress());
        FakeRepo.Pr pr = repo.pull(number);
        pr.state = "closed";
        pr.merged = true;
        LifecycleFixture.pullRequestEvent(bot, "closed", number, sha('1'));
        LifecycleFixture.awaitStatus(queue, number, DeployQueue.Status.WINDOW, Duration.ofSeconds(60));
    }
}
