package dev.shadowbot.bot.gate;

import static dev.shadowbot.bot.gate.TrustFixture.CONFIG;
import static dev.shadowbot.bot.gate.TrustFixture.ORDERS_WITH_NOTE;
import static dev.shadowbot.bot.gate.TrustFixture.REPO;
import static dev.shadowbot.bot.gate.TrustFixture.command;
import static dev.shadowbot.bot.gate.TrustFixture.sha;
import static dev.shadowbot.bot.gate.TrustFixture.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.comment.StickyComment;
import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeGitHub;
import dev.shadowbot.bot.github.FakeRepo;
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
 * Marker hijack: comments that start with the sticky marker but were written by a person or by another
 * App are never adopted, never edited and never deleted, whether the bot knows its comment's id or has
 * lost it (deleted comment, fresh state database). The sticky comment is the one the bot's own App
 * identity ({@code GET /app} → {@code shadowbot[bot]}) wrote; the fake GitHub, like GitHub, would let
 * the installation edit the others.
 */
@RealDatabase
@Timeout(180)
class CommentOwnershipIT {
    private static final String FAKE_PLAN = StickyComment.MARKER + "\n### shadowbot · deploy request\n\n"
            + "✅ approved by @carol, deploying — run `/deploy --allow-data-loss` to finish";

    @Test
    void aMarkerCommentByAnyoneElseIsNeverAdoptedOrTouched(TestDb state, TestDb app, TestDb freshState)
            throws Exception {
        app.exec(TrustFixture.TABLE);
        try (FakeGitHub gh = new FakeGitHub()) {
            FakeRepo repo = gh.repo(REPO);
            TrustFixture.base(repo, CONFIG);
            repo.permission("bob", "write").permission("carol", "write");
            // Planted before the bot ever comments: by a person, and by another App's bot user.
            long byPerson = TrustFixture.nextCommentId();
            long byOtherApp = TrustFixture.nextCommentId();
            repo.userComment(byPerson, 7, "mallory", FAKE_PLAN);
            repo.userComment(byOtherApp, 7, "evil-helper[bot]", FAKE_PLAN);
            try (BotHarness bot = BotHarness.start(gh, false, state.url(), Map.of("app", app.url()),
                    new EnginePlanningService(), 4)) {
                TrustFixture.open(bot, repo, 7, "alice", '1', tree(CONFIG, Map.of("db/app/orders.sql",
                        ORDERS_WITH_NOTE)), List.of("db/app/orders.sql"));
                FakeRepo.Comment ours = theBotsSticky(repo);
                assertTrue(ours.body.contains("ADD COLUMN `note`"), ours.body);

                // The bot's sticky is deleted: on the next push it posts a new one, still not adopting the plants.
                repo.userDelete(ours.id);
                repo.commit(sha('2'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE.replace("200", "300"))));
                repo.pullRequest(7, "alice", sha('2'), List.of("db/app/orders.sql"));
                TrustFixture.deliver(bot, "pull_request", Webhooks.pullRequest("pull_request.synchronize.json",
                        "synchronize", 7, sha('2')), InboxStatus.DONE);
                FakeRepo.Comment second = theBotsSticky(repo);
                assertTrue(second.id != ours.id && second.body.contains("varchar(300)"), second.body);
                assertTrue(command(bot, repo, 7, "bob", "/plan").contains("Planned again"));
                assertPlantsUntouched(gh, repo, byPerson, byOtherApp);
            }
            // A bot that lost its state finds its own comment by the marker, among the plants, and edits only it.
            long stickyId = theBotsSticky(repo).id;
            try (BotHarness fresh = BotHarness.start(gh, false, freshState.url(), Map.of("app", app.url()),
                    new EnginePlanningService(), 4)) {
                repo.commit(sha('3'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE)));
                repo.pullRequest(7, "alice", sha('3'), List.of("db/app/orders.sql"));
                TrustFixture.deliver(fresh, "pull_request", Webhooks.pullRequest("pull_request.synchronize.json",
                        "synchronize", 7, sha('3')), InboxStatus.DONE);
                FakeRepo.Comment found = theBotsSticky(repo);
                assertEquals(stickyId, found.id, "its own comment, edited in place");
                assertTrue(found.body.contains("Head `3333333`"), found.body);
                assertPlantsUntouched(gh, repo, byPerson, byOtherApp);
            }
        }
    }

    private static FakeRepo.Comment theBotsSticky(FakeRepo repo) {
        List<FakeRepo.Comment> ours = repo.comments().stream()
                .filter(c -> c.author.equals("shadowbot[bot]") && c.body.startsWith(StickyComment.MARKER)).toList();
        assertEquals(1, ours.size(), "one sticky comment of the bot's own: " + ours.stream().map(c -> c.id).toList());
        return ours.get(0);
    }

    private static void assertPlantsUntouched(FakeGitHub gh, FakeRepo repo, long... ids) {
        for (long id : ids) {
            FakeRepo.Comment c = repo.comments().stream().filter(x -> x.id == id).findFirst().orElseThrow();
            assertEquals(FAKE_PLAN, c.body, "comment " + id + " keeps its author's text");
            assertEquals(0, c.edits);
            assertEquals(0, gh.count("PATCH", ".*/issues/comments/" + id) + gh.count("DELETE", ".*/issues/comments/" + id),
                    "no edit or delete was even tried on " + id);
        }
    }
}
