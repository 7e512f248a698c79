package dev.shadowbot.bot.lifecycle;

import static dev.shadowbot.bot.lifecycle.LifecycleFixture.REPO;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.command;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.sha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.EnginePlanningService;
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
 * The approval policy of {@code .github/shadowbot.yml} with the real bot, a real database and the fake
 * GitHub: team approvals (membership through the API), CODEOWNERS of the base branch, data-loss teams,
 * {@code auto_deploy_on_approval}, and "also changed by #N".
 */
@RealDatabase
@Timeout(240)
class ApprovalPolicyIT {
    private static final String DROP_N = """
            CREATE TABLE orders (
              id BIGINT NOT NULL,
              v VARCHAR(64) NOT NULL,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;

    private static String config(String extra) {
        return LifecycleFixture.CONFIG + extra;
    }

    /** Opens a PR into {@code main}, whose policy is {@code config} (the PR's head carries the same file). */
    private static void open(BotHarness bot, FakeRepo repo, int number, char commit, String config, String orders)
            throws Exception {
        LifecycleFixture.base(repo, config);
        repo.commit(sha(commit), LifecycleFixture.treeWith(config, orders, null));
        repo.pullRequest(number, "alice", sha(commit), List.of("db/app/orders.sql"));
        LifecycleFixture.pullRequestEvent(bot, "opened", number, sha(commit));
    }

    @Test
    void onlyTeamMembersAndCodeOwnersOfTheBaseBranchCount(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE);
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            FakeRepo repo = bot.github.repo(REPO);
            bot.github.teamMember("acme", "dba", "carol").teamMember("acme", "app-owners", "frank");
            repo.permission("bob", "write").permission("carol", "read").permission("frank", "read")
                    .permission("mallory", "read");
            // Teams only: a writer outside the team does not count, a team member without write access does.
            open(bot, repo, 31, '1', config("approvals: { required: 1, teams: [dba] }\n"),
                    LifecycleFixture.ORDERS_WITH_NOTE);
            repo.review(31, "bob", "APPROVED", sha('1'));
            String refused = command(bot, repo, 31, "bob", "/deploy");
            assertTrue(refused.contains("@bob is not a member of dba") && refused.contains("needs 1 more approval from"
                    + " a member of dba"), refused);
            repo.review(31, "carol", "APPROVED", sha('1'));
            String queued = command(bot, repo, 31, "bob", "/deploy");
            assertTrue(queued.contains("Queued `1111111` (approved by @carol)"), queued);

            // CODEOWNERS are read from the base branch: the PR's own CODEOWNERS change names nobody.
            String owners = config("approvals: { required: 1, teams: [dba], codeowners: true }\n");
            repo.commit("main", Map.of(".github/CODEOWNERS", "*  @acme/devs\n/db/app/ @acme/app-owners\n",
                    ".github/shadowbot.yml", owners));
            java.util.Map<String, String> head = LifecycleFixture.treeWith(owners, LifecycleFixture.ORDERS,
                    LifecycleFixture.CUSTOMERS_WITH_EMAIL);
            head.put(".github/CODEOWNERS", "db/ @mallory\n");
            app.exec(LifecycleFixture.CUSTOMERS_TABLE);
            repo.commit(sha('2'), head);
            repo.pullRequest(32, "alice", sha('2'), List.of("db/app/customers.sql", ".github/CODEOWNERS"));
            LifecycleFixture.pullRequestEvent(bot, "opened", 32, sha('2'));
            repo.review(32, "mallory", "APPROVED", sha('2'));
            String notOwner = command(bot, repo, 32, "bob", "/deploy");
            assertTrue(notOwner.contains("@mallory is not a member of dba and owns none of the changed schema files")
                    && notOwner.contains("or a code owner of the changed schema files (acme/app-owners)"), notOwner);
            repo.review(32, "frank", "APPROVED", sha('2'));
            String owner = command(bot, repo, 32, "bob", "/deploy");
            assertTrue(owner.contains("approved by @frank"), owner);
        }
    }

    @Test
    void aDataLossTeamApprovalStandsInForTheFlagAndAutoDeployNeverDropsData(TestDb state, TestDb app)
            throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            FakeRepo repo = bot.github.repo(REPO);
            DeployQueue queue = bot.bot.store().deployQueue();
            bot.github.teamMember("acme", "dba", "carol").teamMember("acme", "devs", "dave");
            repo.permission("bob", "write").permission("carol", "read").permission("dave", "read");
            String cfg = config("approvals: { teams: [dba, devs], data_loss_teams: [dba] }\n"
                    + "auto_deploy_on_approval: true\nlint: { drop-column: warning }\n");
            open(bot, repo, 41, '1', cfg, DROP_N);

            // An approval completes the gate, but the plan drops a column: auto-deploy says so and does nothing.
            repo.review(41, "dave", "APPROVED", sha('1'));
            String auto = review(bot, repo, 41, "dave");
            assertTrue(auto.contains("does not deploy a plan that destroys data")
                    && auto.contains("`/deploy --allow-data-loss`"), auto);
            assertEquals(List.of(), queue.forPullRequest(REPO, 41));
            String noFlag = command(bot, repo, 41, "bob", "/deploy");
            assertTrue(noFlag.contains("the plan destroys data") && noFlag.contains("or get an approval from dba"),
                    noFlag);
            repo.review(41, "carol", "APPROVED", sha('1'));
            String byDba = command(bot, repo, 41, "bob", "/deploy");
            assertTrue(byDba.contains("Queued `1111111`"), byDba);
        }
    }

    @Test
    void anApprovalThatCompletesTheGateDeploysWhenTheRepoOptsIn(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE);
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            FakeRepo repo = bot.github.repo(REPO);
            DeployQueue queue = bot.bot.store().deployQueue();
            repo.permission("bob", "write").permission("carol", "write").permission("dave", "read");
            open(bot, repo, 42, '1', config("approvals: { required: 2 }\nauto_deploy_on_approval: true\n"),
                    LifecycleFixture.ORDERS_WITH_NOTE);
            repo.review(42, "dave", "APPROVED", sha('1'));
            assertEquals(InboxStatus.IGNORED, sendReview(bot, 42, "dave"), "a reader's approval: silent");
            repo.review(42, "bob", "APPROVED", sha('1'));
            assertEquals(InboxStatus.IGNORED, sendReview(bot, 42, "bob"), "one of two approvals: silent");
            assertEquals(List.of(), queue.forPullRequest(REPO, 42));
            repo.review(42, "carol", "APPROVED", sha('1'));
            String auto = review(bot, repo, 42, "carol");
            assertTrue(auto.contains("Queued `1111111` (approved by @bob, @carol) automatically on approval"), auto);
            assertEquals("carol", queue.forPullRequest(REPO, 42).get(0).requestedBy());
            LifecycleFixture.awaitStatus(queue, 42, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            repo.review(42, "bob", "APPROVED", sha('1'));
            assertEquals(InboxStatus.IGNORED, sendReview(bot, 42, "bob"), "a later approval queues nothing twice");
            assertEquals(1, queue.forPullRequest(REPO, 42).size());

            // Without the setting an approval only approves.
            open(bot, repo, 43, '3', LifecycleFixture.CONFIG, LifecycleFixture.ORDERS_WITH_NOTE);
            repo.review(43, "bob", "APPROVED", sha('3'));
            assertEquals(InboxStatus.IGNORED, sendReview(bot, 43, "bob"));
            assertEquals(List.of(), queue.forPullRequest(REPO, 43));
        }
    }

    @Test
    void theLaterOfTwoPullRequestsOnOneTableWaitsForTheEarlierAndPlansAgain(TestDb state, TestDb app)
            throws Exception {
        app.exec(LifecycleFixture.TABLE, "INSERT INTO orders VALUES (1, 'a', 1)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 4)) {
            FakeRepo repo = bot.github.repo(REPO);
            DeployQueue queue = bot.bot.store().deployQueue();
            repo.permission("bob", "write");
            open(bot, repo, 51, '1', LifecycleFixture.CONFIG, LifecycleFixture.ORDERS_WITH_NOTE);
            open(bot, repo, 52, '2', LifecycleFixture.CONFIG, LifecycleFixture.ORDERS_WITH_NOTE_AND_INDEX);
            String later = LifecycleFixture.sticky(repo, 52);
            assertTrue(later.contains("**Also changed by #51**: `orders` in `app` (#51: open, not deployed yet)"), later);
            assertFalse(LifecycleFixture.sticky(repo, 51).contains("Also changed by"), "the earlier PR is not warned");
            repo.review(51, "bob", "APPROVED", sha('1'));
            repo.review(52, "bob", "APPROVED", sha('2'));
            String refused = command(bot, repo, 52, "bob", "/deploy");
            assertTrue(refused.contains("also changed by #51") && refused.contains("wait until #51 completes"), refused);
            assertEquals(List.of(), queue.forPullRequest(REPO, 52));

            assertTrue(command(bot, repo, 51, "bob", "/deploy").contains("Queued"));
            LifecycleFixture.awaitStatus(queue, 51, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
            FakeRepo.Pr pr = repo.pull(51);
            pr.state = "closed";
            pr.merged = true;
            LifecycleFixture.pullRequestEvent(bot, "closed", 51, sha('1'));
            LifecycleFixture.awaitStatus(queue, 51, DeployQueue.Status.WINDOW, Duration.ofSeconds(60));
            String inWindow = command(bot, repo, 52, "bob", "/deploy");
            assertTrue(inWindow.contains("also changed by #51"), "still refused during #51's revert window: " + inWindow);
            LifecycleFixture.windowCommand(bot, repo, 51, "bob", "/skip-revert");
            LifecycleFixture.awaitStatus(queue, 51, DeployQueue.Status.COMPLETE, Duration.ofSeconds(30));
            LifecycleFixture.awaitComments(repo, 51, "**Deploy complete**");

            String queued = command(bot, repo, 52, "bob", "/deploy");
            assertTrue(queued.contains("Queued `2222222`"), queued);
            String replanned = LifecycleFixture.sticky(repo, 52);
            assertFalse(replanned.contains("Also changed by"), replanned);
            assertTrue(replanned.contains("ix_n") && !replanned.contains("ADD COLUMN `note`"),
                    "planned again against the schema #51 left: only the index is new: " + replanned);
            LifecycleFixture.awaitStatus(queue, 52, DeployQueue.Status.STAGED, Duration.ofSeconds(60));
        }
    }

    private static InboxStatus sendReview(BotHarness bot, int pr, String login) throws Exception {
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send("pull_request_review", delivery, Webhooks.review(pr, login, "", "approved"))
                .statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var row = bot.inbox().find(delivery);
            if (row.isPresent() && row.get().status().terminal()) {
                return row.get().status();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("review " + delivery + " not handled");
    }

    /** Sends an approval review; returns the bot's one answer to it. */
    private static String review(BotHarness bot, FakeRepo repo, int pr, String login) throws Exception {
        int before = repo.comments().size();
        assertEquals(InboxStatus.DONE, sendReview(bot, pr, login));
        List<FakeRepo.Comment> answers = repo.comments().subList(before, repo.comments().size()).stream()
                .filter(c -> c.body.startsWith("@" + login + " ")).toList();
        assertEquals(1, answers.size(), repo.comments().toString());
        return answers.get(0).body;
    }
}
