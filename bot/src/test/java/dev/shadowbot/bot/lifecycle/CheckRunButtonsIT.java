package dev.shadowbot.bot.lifecycle;

import static dev.shadowbot.bot.lifecycle.LifecycleFixture.REPO;
import static dev.shadowbot.bot.lifecycle.LifecycleFixture.sha;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The check run's "Re-run" and its buttons, from GitHub's {@code check_run} payload examples: the presser is
 * the command's author, so a button goes through exactly the permission and approval checks of the slash
 * command (permission asked from the API, where a stranger is 200 {@code "permission": "none"}).
 */
@RealDatabase
@Timeout(180)
class CheckRunButtonsIT {
    /** GitHub's example of {@code action} for our check run on {@code pr} at {@code head}, pressed by {@code login}. */
    static byte[] press(String action, String identifier, int pr, String head, String login, boolean listPr) {
        ObjectNode p = Webhooks.github("check_run", action);
        ((ObjectNode) p.get("repository")).put("full_name", REPO).put("name", "shop"); // one example is electron's
        ObjectNode run = (ObjectNode) p.get("check_run");
        run.put("name", "shadowbot").put("head_sha", head);
        ArrayNode prs = run.putArray("pull_requests");
        if (listPr) { // GitHub's rerequested example lists none (as for a fork's head)
            prs.addObject().put("url", "https://api.github.com/repos/" + REPO + "/pulls/" + pr).put("number", pr);
        }
        if (identifier != null) {
            p.putObject("requested_action").put("identifier", identifier);
        }
        ((ObjectNode) p.get("sender")).put("login", login);
        return Webhooks.bytes(p);
    }

    private static String answer(BotHarness bot, FakeRepo repo, byte[] payload, String login) throws Exception {
        return answer(bot, repo, payload, login, "check_run");
    }

    private static String answer(BotHarness bot, FakeRepo repo, byte[] payload, String login, String event)
            throws Exception {
        int before = repo.comments().size();
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send(event, delivery, payload).statusCode());
        bot.await(delivery, InboxStatus.DONE);
        List<FakeRepo.Comment> after = repo.comments();
        assertEquals(before + 1, after.size(), "one answer");
        String body = after.get(after.size() - 1).body;
        assertTrue(body.startsWith("@" + login + " "), body);
        return body;
    }

    @Test
    void buttonsGoThroughTheSlashCommandsChecks(TestDb state, TestDb app) throws Exception {
        app.exec(LifecycleFixture.TABLE);
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 3)) {
            DeployQueue queue = bot.bot.store().deployQueue();
            FakeRepo repo = bot.github.repo(REPO);
            LifecycleFixture.base(repo, LifecycleFixture.CONFIG);
            repo.commit(sha('1'), LifecycleFixture.treeWith(LifecycleFixture.CONFIG, LifecycleFixture.ORDERS_WITH_NOTE,
                    null));
            repo.pullRequest(31, "alice", sha('1'), List.of("db/app/orders.sql"));
            repo.permission("bob", "write").permission("carol", "write").permission("alice", "write");
            LifecycleFixture.pullRequestEvent(bot, "opened", 31, sha('1'));
            FakeRepo.CheckRun run = repo.checkRuns().get(0);
            assertEquals(List.of(Map.of("label", "Deploy", "description", "Same checks as /deploy (approvals)",
                    "identifier", "deploy")), run.fields.get("actions"));

            // Someone with no access at all (GitHub: 200 "permission": "none").
            String stranger = answer(bot, repo, press("requested_action", "deploy", 31, sha('1'), "mallory", true),
                    "mallory");
            assertTrue(stranger.contains("has `none` access") && stranger.contains("needs write access"), stranger);
            // The PR's author presses it: no approval yet.
            String author = answer(bot, repo, press("requested_action", "deploy", 31, sha('1'), "alice", true), "alice");
            assertTrue(author.contains("refused: not approved"), author);
            String unapproved = answer(bot, repo, press("requested_action", "deploy", 31, sha('1'), "bob", true), "bob");
            assertTrue(unapproved.contains("refused: not approved"), unapproved);
            assertEquals(List.of(), queue.forPullRequest(REPO, 31), "nothing queued");
            // An unknown button of a forged-looking identifier is no command.
            String delivery = BotHarness.newDelivery();
            bot.send("check_run", delivery, press("requested_action", "lgtm|31", 31, sha('1'), "bob", true));
            assertEquals(InboxStatus.IGNORED, bot.await(delivery, InboxStatus.IGNORED).status());

            repo.review(31, "carol", "APPROVED", sha('1'));
            String queued = answer(bot, repo, press("requested_action", "deploy", 31, sha('1'), "bob", true), "bob");
            assertTrue(queued.contains("Queued"), queued);
            assertEquals(1, queue.forPullRequest(REPO, 31).size());

            // "Re-run": GitHub's example lists no pull request; the bot finds it by the check run's commit.
            long updates = bot.github.count("PATCH", ".*/check-runs/.*");
            String replanned = answer(bot, repo, press("rerequested", null, 31, sha('1'), "bob", false), "bob");
            assertTrue(replanned.contains("Planned again"), replanned);
            assertTrue(bot.github.count("PATCH", ".*/check-runs/.*") > updates, "the check run was re-planned");
            // "Re-run all checks" (check_suite rerequested, GitHub's example) is /plan too.
            ObjectNode suite = Webhooks.github("check_suite", "rerequested");
            ((ObjectNode) suite.get("check_suite")).put("head_sha", sha('1')).putArray("pull_requests").addObject()
                    .put("url", "https://api.github.com/repos/" + REPO + "/pulls/31").put("number", 31);
            ((ObjectNode) suite.get("sender")).put("login", "bob");
            assertTrue(answer(bot, repo, Webhooks.bytes(suite), "bob", "check_suite").contains("Planned again"));
            String strangerRerun = answer(bot, repo, press("rerequested", null, 31, sha('1'), "mallory", false),
                    "mallory");
            assertTrue(strangerRerun.contains("has `none` access"), strangerRerun);
        }
    }
}
