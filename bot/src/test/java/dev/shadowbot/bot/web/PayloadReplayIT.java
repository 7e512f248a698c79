package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.store.Installations;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WebhookExamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every payload example GitHub publishes (octokit/webhooks, fetched from npm by {@link WebhookExamples}) for
 * an event the bot subscribes to, signed and sent through the real server in the package's order, with its
 * effect asserted: acted on (DONE, with the effect it should have) or deliberately ignored — never parked,
 * never refused. Examples captured without an {@code installation} get one, as GitHub adds it for an App.
 */
@RealDatabase
@Timeout(300)
class PayloadReplayIT {
    static final Set<String> SUBSCRIBED = Set.of("pull_request", "issue_comment", "pull_request_review",
            "pull_request_review_comment", "check_run", "check_suite", "installation", "installation_repositories");
    /** event.action pairs the bot acts on; every other example must be ignored. */
    static final Set<String> ACTS_ON = Set.of("pull_request.opened", "pull_request.reopened",
            "pull_request.synchronize", "pull_request.closed", "installation.created", "installation.deleted",
            "installation.suspend", "installation.unsuspend", "installation.new_permissions_accepted",
            "installation_repositories.removed");

    @Test
    void everyPayloadExampleOfASubscribedEventHasItsEffect(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), new EnginePlanningService(), 2)) {
            List<String> replayed = new ArrayList<>();
            for (WebhookExamples.Example ex : WebhookExamples.all()) {
                if (!SUBSCRIBED.contains(ex.event())) {
                    continue;
                }
                ObjectNode p = ex.copy();
                if (!p.has("installation")) {
                    p.putObject("installation").put("id", Webhooks.INSTALLATION);
                }
                int checksBefore = prepare(bot, p);
                long writesBefore = writes(bot);
                String delivery = BotHarness.newDelivery();
                assertEquals(202, bot.send(ex.event(), delivery, Webhooks.bytes(p)).statusCode(), ex.toString());
                String key = ex.event() + "." + ex.action();
                InboxStatus expected = ACTS_ON.contains(key) ? InboxStatus.DONE : InboxStatus.IGNORED;
                Inbox.InboxRow row = bot.await(delivery, expected);
                assertEquals(expected, row.status(), ex + ": " + row);
                effect(bot, ex, p, checksBefore);
                if (expected == InboxStatus.IGNORED) {
                    assertEquals(writesBefore, writes(bot), ex + ": ignored, so nothing was written to GitHub");
                }
                replayed.add(ex.toString());
            }
            for (String event : SUBSCRIBED) {
                assertTrue(replayed.stream().anyMatch(r -> r.startsWith(event + ".")), event + ": " + replayed);
            }
            for (String acted : ACTS_ON) {
                assertTrue(replayed.stream().anyMatch(r -> r.startsWith(acted + "#")), acted + ": " + replayed);
            }
            assertTrue(replayed.stream().anyMatch(r -> r.startsWith("check_run.requested_action")), replayed.toString());
        }
    }

    private static long writes(BotHarness bot) {
        return bot.github.calls().stream().filter(c -> !c.method().equals("GET") && !c.path().startsWith("/app")).count();
    }

    /** Makes the fake GitHub hold the repository and pull request the payload names; returns its check runs. */
    private static int prepare(BotHarness bot, ObjectNode p) {
        String name = p.path("repository").path("full_name").asText("");
        if (name.isEmpty()) {
            return 0;
        }
        FakeRepo repo = bot.github.repo(name);
        repo.commit("main", Map.of("README.md", "# hello\n")); // no .github/shadowbot.yml on the base branch
        JsonNode pr = p.path("pull_request");
        if (pr.isObject()) {
            String head = pr.path("head").path("sha").asText();
            repo.commit(head, Map.of("README.md", "# hello again\n"));
            FakeRepo.Pr fake = repo.pullRequest(pr.path("number").asInt(), pr.path("user").path("login").asText(),
                    head, List.of("README.md"));
            fake.state = pr.path("state").asText("open");
            fake.merged = pr.path("merged").asBoolean(false);
            fake.baseRef = pr.path("base").path("ref").asText("main");
        }
        return repo.checkRuns().size();
    }

    private static void effect(BotHarness bot, WebhookExamples.Example ex, ObjectNode p, int checksBefore) {
        String key = ex.event() + "." + ex.action();
        String name = p.path("repository").path("full_name").asText("");
        switch (key) {
            case "pull_request.opened", "pull_request.reopened", "pull_request.synchronize" -> {
                FakeRepo repo = bot.github.repo(name);
                String head = p.path("pull_request").path("head").path("sha").asText();
                assertTrue(repo.checkRuns().size() > checksBefore || repo.checkRuns().stream()
                        .anyMatch(r -> head.equals(r.headSha()) && r.updates > 0), ex + ": a check run on the head");
                assertTrue(repo.checkRuns().stream().anyMatch(r -> head.equals(r.headSha())
                        && "success".equals(r.conclusion())), ex + ": no schema change: success");
            }
            case "installation.deleted", "installation.suspend", "installation.unsuspend", "installation.created" -> {
                Installations.State want = switch (ex.action()) {
                    case "deleted" -> Installations.State.DELETED;
                    case "suspend" -> Installations.State.SUSPENDED;
                    default -> Installations.State.ACTIVE;
                };
                long id = p.path("installation").path("id").asLong();
                assertEquals(want, bot.bot.store().installations().get(id).orElseThrow().state(), ex.toString());
            }
            default -> {
                // ignored examples: checked by the caller (no write to GitHub)
            }
        }
    }
}
