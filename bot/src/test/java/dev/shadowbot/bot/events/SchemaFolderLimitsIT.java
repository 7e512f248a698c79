package dev.shadowbot.bot.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Schema folders at GitHub's limits, end to end: a folder of more than the contents API's 1,000 entries
 * and a file over 1 MB are planned completely (no table proposed for dropping because it was not seen);
 * a truncated tree or a file the bot cannot read fails closed — no plan, no drops, a failed check and a
 * comment naming the file.
 */
@RealDatabase
@Timeout(300)
class SchemaFolderLimitsIT {
    static final String CONFIG = "databases:\n  app:\n    schema_dir: db/app\n";
    static final String HEAD = "7".repeat(40);

    private static void deliver(BotHarness bot, int pr) throws Exception {
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send("pull_request", delivery,
                Webhooks.pullRequest("pull_request.opened.json", "opened", pr, HEAD)).statusCode());
        bot.await(delivery, InboxStatus.DONE);
    }

    @Test
    void aFolderOfMoreThanAThousandFilesAndAFileOverOneMegabyteArePlannedWithoutDrops(TestDb state, TestDb app)
            throws Exception {
        for (int i = 1; i <= 5; i++) {
            app.exec("CREATE TABLE zz" + i + " (id INT NOT NULL PRIMARY KEY)");
        }
        Map<String, String> tree = new LinkedHashMap<>();
        tree.put(".github/shadowbot.yml", CONFIG);
        // 1,000 files sort before the five real tables: the contents API would list only these.
        for (int i = 0; i < 1000; i++) {
            tree.put(String.format("db/app/a%04d.sql", i), "-- reserved for table a" + i + "\n");
        }
        for (int i = 1; i <= 5; i++) {
            tree.put("db/app/zz" + i + ".sql", "CREATE TABLE zz" + i + " (id INT NOT NULL PRIMARY KEY);\n");
        }
        // A file over 1 MB (the contents API returns it with "encoding": "none").
        tree.put("db/app/zz9_big.sql", "-- generated\n".repeat(90_000)
                + "CREATE TABLE zz9_big (id INT NOT NULL PRIMARY KEY, note VARCHAR(20) NULL);\n");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 3)) {
            FakeRepo repo = bot.github.repo(BotHarness.REPO);
            repo.commit("main", Map.of(".github/shadowbot.yml", CONFIG));
            repo.commit(HEAD, tree);
            repo.pullRequest(31, "alice", HEAD, List.of("db/app/zz9_big.sql"));
            deliver(bot, 31);

            String body = repo.comments().get(0).body;
            assertTrue(body.contains("`zz9_big` | CREATE"), body);
            assertFalse(body.contains("DROP TABLE"), "every table was seen: " + body);
            assertEquals("action_required", repo.checkRuns().get(0).conclusion());
            assertEquals(List.of(List.of("PLANNED")), state.query(
                    "SELECT state FROM sb_deploy_request WHERE pr_number = 31"));
        }
    }

    @Test
    void aTruncatedTreeFailsClosedWithAFailedCheckAndACommentNamingWhy(TestDb state, TestDb app) throws Exception {
        app.exec("CREATE TABLE keep_me (id INT NOT NULL PRIMARY KEY)");
        try (BotHarness bot = BotHarness.start(state.url(), Map.of("app", app.url()), new EnginePlanningService(), 3)) {
            FakeRepo repo = bot.github.repo(BotHarness.REPO);
            repo.commit("main", Map.of(".github/shadowbot.yml", CONFIG));
            repo.commit(HEAD, Map.of(".github/shadowbot.yml", CONFIG,
                    "db/app/keep_me.sql", "CREATE TABLE keep_me (id INT NOT NULL PRIMARY KEY);\n",
                    "db/app/other.sql", "CREATE TABLE other (id INT NOT NULL PRIMARY KEY);\n"));
            repo.treeEntryLimit(3); // GitHub truncates at 100,000 entries / 7 MB
            repo.pullRequest(32, "alice", HEAD, List.of("db/app/other.sql"));
            deliver(bot, 32);

            FakeRepo.CheckRun run = repo.checkRuns().get(0);
            assertEquals("failure", run.conclusion());
            String body = repo.comments().get(0).body;
            assertTrue(body.contains("truncated") && body.contains("Nothing was planned"), body);
            assertFalse(body.contains("DROP TABLE") || body.contains("CREATE TABLE `other`"), body);
            assertTrue(String.valueOf(run.output()).contains("truncated"), run.output().toString());
            assertEquals(List.of(), state.query("SELECT state FROM sb_deploy_request WHERE pr_number = 32"
                    + " AND state IN ('PLANNED', 'BLOCKED')"));
            assertEquals("1", app.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + app.schema() + "'"), "nothing changed on the database");
        }
    }
}
