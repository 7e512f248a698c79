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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * End to end: the real bot on loopback, a real state database, two real target databases, the
 * engine's planner, and the fake GitHub. Webhooks are GitHub's full payloads, signed.
 */
@RealDatabase
@Timeout(300)
class PullRequestFlowIT {
    static final String REPO = "acme/shop";
    static final String CONFIG = """
            databases:
              app:
                schema_dir: db/app
              analytics:
                schema_dir: db/analytics
            """;
    static final String ORDERS = """
            CREATE TABLE orders (
              id BIGINT NOT NULL AUTO_INCREMENT,
              total INT NOT NULL,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;
    static final String ORDERS_WITH_NOTE = """
            CREATE TABLE orders (
              id BIGINT NOT NULL AUTO_INCREMENT,
              total INT NOT NULL,
              note VARCHAR(200) NULL,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;
    static final String LOYALTY = """
            CREATE TABLE loyalty (
              customer_id BIGINT NOT NULL,
              points INT NOT NULL DEFAULT 0,
              PRIMARY KEY (customer_id)
            ) ENGINE=InnoDB;
            """;
    static final String EVENTS = """
            CREATE TABLE events (
              id BIGINT NOT NULL,
              kind VARCHAR(40) NOT NULL,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;
    static final String EVENTS_INDEXED = """
            CREATE TABLE events (
              id BIGINT NOT NULL,
              kind VARCHAR(40) NOT NULL,
              PRIMARY KEY (id),
              KEY ix_kind (kind)
            ) ENGINE=InnoDB;
            """;

    static String sha(char c) {
        return String.valueOf(c).repeat(40);
    }

    static Map<String, String> tree(String config, Map<String, String> files) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(".github/shadowbot.yml", config);
        t.put("README.md", "# shop\n");
        t.put("src/Main.java", "class Main {}\n");
        t.putAll(files);
        return t;
    }

    private BotHarness start(TestDb state, TestDb app, TestDb analytics) throws Exception {
        app.exec(ORDERS.replace(";", ""));
        analytics.exec(EVENTS.replace(";", ""));
        return BotHarness.start(state.url(), Map.of("app", app.url(), "analytics", analytics.url()),
                new EnginePlanningService(), 4);
    }

    private static String deliver(BotHarness bot, String fixture, String action, int pr, String head) throws Exception {
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send("pull_request", delivery, Webhooks.pullRequest(fixture, action, pr, head))
                .statusCode());
        bot.await(delivery, InboxStatus.DONE);
        return delivery;
    }

    @Test
    void plansAPullRequestThatChangesTwoDatabases(TestDb state, TestDb app, TestDb analytics) throws Exception {
        try (BotHarness bot = start(state, app, analytics)) {
            FakeRepo repo = bot.github.repo(REPO);
            repo.commit("main", tree(CONFIG, Map.of())); // the policy: read from the base branch
            repo.commit(sha('1'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE,
                    "db/app/loyalty.sql", LOYALTY, "db/analytics/events.sql", EVENTS_INDEXED)));
            repo.pullRequest(12, "alice", sha('1'),
                    List.of("db/app/orders.sql", "db/app/loyalty.sql", "db/analytics/events.sql"));
            String delivery = deliver(bot, "pull_request.opened.json", "opened", 12, sha('1'));

            assertEquals(1, repo.comments().size(), "one sticky comment");
            String body = repo.comments().get(0).body;
            assertTrue(body.startsWith("<!-- shadowbot:sticky -->"), body);
            assertTrue(body.contains("Database `app`") && body.contains("Database `analytics`"), body);
            assertTrue(body.contains("`orders` | ALTER") && body.contains("`loyalty` | CREATE")
                    && body.contains("`events` | ALTER"), body);
            assertTrue(body.contains("ADD COLUMN `note`"), body);
            assertTrue(body.contains("ix_kind"), body);
            assertTrue(body.contains("Head `1111111`"), body);

            List<FakeRepo.CheckRun> runs = repo.checkRuns();
            assertEquals(1, runs.size());
            FakeRepo.CheckRun run = runs.get(0);
            assertEquals("shadowbot", run.fields.get("name"));
            assertEquals(sha('1'), run.headSha());
            assertEquals("completed", run.status());
            assertEquals("action_required", run.conclusion());
            assertTrue(String.valueOf(run.fields.get("details_url")).contains("#issuecomment-"));
            List<String> annotated = run.annotations().stream()
                    .map(a -> a.get("path") + ":" + a.get("start_line")).toList();
            assertTrue(annotated.contains("db/app/orders.sql:1") && annotated.contains("db/app/loyalty.sql:1")
                    && annotated.contains("db/analytics/events.sql:1"), annotated.toString());

            assertEquals(List.of(List.of("analytics", sha('1'), "PLANNED"), List.of("app", sha('1'), "PLANNED")),
                    state.query("SELECT database_name, head_sha, state FROM sb_deploy_request"
                            + " WHERE repo = 'acme/shop' AND pr_number = 12 ORDER BY database_name"));
            assertEquals("0", app.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                    + app.schema() + "' AND COLUMN_NAME = 'note'"), "planning changed nothing live");

            // GitHub redelivers the same delivery: stored once, processed once.
            String again = new String(bot.send("pull_request", delivery,
                    Webhooks.pullRequest("pull_request.opened.json", "opened", 12, sha('1'))).body());
            assertTrue(again.contains("duplicate"), again);
            Thread.sleep(500);
            assertEquals(1, bot.github.count("POST", "/repos/acme/shop/check-runs"));
            assertEquals(1, repo.comments().size());
            assertEquals(0, repo.comments().get(0).edits);
        }
    }

    @Test
    void editsTheCommentInPlaceOnEveryPushAndSaysSoWhenTheDiffGoesAway(TestDb state, TestDb app, TestDb analytics)
            throws Exception {
        try (BotHarness bot = start(state, app, analytics)) {
            FakeRepo repo = bot.github.repo(REPO);
            repo.commit("main", tree(CONFIG, Map.of())); // the policy: read from the base branch
            repo.commit(sha('1'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE,
                    "db/analytics/events.sql", EVENTS)));
            repo.pullRequest(12, "alice", sha('1'), List.of("db/app/orders.sql"));
            deliver(bot, "pull_request.opened.json", "opened", 12, sha('1'));
            long commentId = repo.comments().get(0).id;

            repo.commit(sha('2'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE.replace("200", "500"),
                    "db/analytics/events.sql", EVENTS)));
            repo.pullRequest(12, "alice", sha('2'), List.of("db/app/orders.sql"));
            deliver(bot, "pull_request.synchronize.json", "synchronize", 12, sha('2'));

            assertEquals(1, repo.comments().size(), "edited, not re-posted");
            FakeRepo.Comment c = repo.comments().get(0);
            assertEquals(commentId, c.id);
            assertEquals(1, c.edits);
            assertTrue(c.body.contains("Head `2222222`") && c.body.contains("varchar(500)"), c.body);
            assertFalse(c.body.contains("Head `1111111`"), c.body);
            assertEquals(2, repo.checkRuns().size(), "one check run per head commit");
            assertEquals(sha('2'), repo.checkRuns().get(1).headSha());
            assertEquals("action_required", repo.checkRuns().get(1).conclusion());

            // The author reverts the schema change: the files equal the live schema again.
            repo.commit(sha('3'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS, "db/analytics/events.sql", EVENTS)));
            repo.pullRequest(12, "alice", sha('3'), List.of());
            deliver(bot, "pull_request.synchronize.json", "synchronize", 12, sha('3'));

            assertEquals(1, repo.comments().size());
            c = repo.comments().get(0);
            assertEquals(2, c.edits);
            assertTrue(c.body.contains("No schema changes anymore"), c.body);
            FakeRepo.CheckRun last = repo.checkRuns().get(2);
            assertEquals(sha('3'), last.headSha());
            assertEquals("success", last.conclusion());
            assertEquals(List.of(List.of("app", "NO_CHANGES")), state.query(
                    "SELECT database_name, state FROM sb_deploy_request WHERE pr_number = 12"));

            repo.pull(12).state = "closed";
            deliver(bot, "pull_request.opened.json", "closed", 12, sha('3'));
            assertEquals(List.of(List.of("app", "CLOSED")), state.query(
                    "SELECT database_name, state FROM sb_deploy_request WHERE pr_number = 12"));
            assertEquals(1, repo.comments().size());
            assertTrue(repo.comments().get(0).body.contains("closed"), repo.comments().get(0).body);
        }
    }

    @Test
    void aPullRequestThatTouchesNoSchemaGetsAQuickSuccess(TestDb state, TestDb app, TestDb analytics)
            throws Exception {
        try (BotHarness bot = start(state, app, analytics)) {
            FakeRepo repo = bot.github.repo(REPO);
            repo.commit("main", tree(CONFIG, Map.of())); // the policy: read from the base branch
            repo.commit(sha('5'), tree(CONFIG, Map.of("db/app/orders.sql", ORDERS, "db/analytics/events.sql", EVENTS)));
            repo.pullRequest(20, "alice", sha('5'), List.of("src/Main.java", "README.md"));
            deliver(bot, "pull_request.opened.json", "opened", 20, sha('5'));

            assertEquals(List.of(), repo.comments(), "no comment on a PR without schema changes");
            FakeRepo.CheckRun run = repo.checkRuns().get(0);
            assertEquals("success", run.conclusion());
            assertEquals("No schema changes", run.output().get("title"));
            assertEquals(0, bot.github.count("GET", "/repos/acme/shop/contents/db/.*"), "schema folders not read");
            assertEquals(List.of(), state.query("SELECT id FROM sb_deploy_request WHERE pr_number = 20"));
        }
    }

    @Test
    void configErrorsFailTheCheckAtFileAndLine(TestDb state, TestDb app, TestDb analytics) throws Exception {
        try (BotHarness bot = start(state, app, analytics)) {
            FakeRepo repo = bot.github.repo(REPO);
            repo.commit("main", tree(CONFIG, Map.of())); // the policy: read from the base branch
            String bad = """
                    databases:
                      app:
                        schema_dir: db/app
                        shema: typo
                    """;
            repo.commit(sha('6'), tree(bad, Map.of("db/app/orders.sql", ORDERS_WITH_NOTE)));
            repo.pullRequest(30, "alice", sha('6'), List.of(".github/shadowbot.yml", "db/app/orders.sql"));
            deliver(bot, "pull_request.opened.json", "opened", 30, sha('6'));

            FakeRepo.CheckRun run = repo.checkRuns().get(0);
            assertEquals("failure", run.conclusion());
            Map<String, Object> a = run.annotations().get(0);
            assertEquals(".github/shadowbot.yml", a.get("path"));
            assertEquals(4, a.get("start_line"));
            assertTrue(String.valueOf(a.get("message")).contains("shema"), a.toString());
            assertEquals(1, repo.comments().size());
            assertTrue(repo.comments().get(0).body.contains("`.github/shadowbot.yml:4`"), repo.comments().get(0).body);

            // A database the bot has no connection for is an error at its line in the config.
            String unknownDb = CONFIG + """
                      billing:
                        schema_dir: db/billing
                    """;
            repo.commit(sha('7'), tree(unknownDb, Map.of("db/billing/invoices.sql", LOYALTY)));
            repo.pullRequest(30, "alice", sha('7'), List.of(".github/shadowbot.yml", "db/billing/invoices.sql"));
            deliver(bot, "pull_request.synchronize.json", "synchronize", 30, sha('7'));
            FakeRepo.CheckRun second = repo.checkRuns().get(1);
            assertEquals("failure", second.conclusion());
            List<String> where = new ArrayList<>();
            second.annotations().forEach(x -> where.add(x.get("path") + ":" + x.get("start_line") + " " + x.get("message")));
            assertTrue(where.stream().anyMatch(w -> w.startsWith(".github/shadowbot.yml:6 ") && w.contains("billing")),
                    where.toString());
        }
    }

    @Test
    void errorFindingsAndUnparsableFilesFailTheCheckAtTheirLine(TestDb state, TestDb app, TestDb analytics)
            throws Exception {
        try (BotHarness bot = start(state, app, analytics)) {
            FakeRepo repo = bot.github.repo(REPO);
            repo.commit("main", tree(CONFIG, Map.of())); // the policy: read from the base branch
            String dropsTotal = """
                    CREATE TABLE orders (
                      id BIGINT NOT NULL AUTO_INCREMENT,
                      PRIMARY KEY (id)
                    ) ENGINE=InnoDB;
                    """;
            repo.commit(sha('8'), tree(CONFIG, Map.of("db/app/orders.sql", dropsTotal,
                    "db/analytics/events.sql", "CREATE TABLE events (\n  id BIGINT NOT NULL,\n  PRIMARY KEY (id\n);\n")));
            repo.pullRequest(40, "alice", sha('8'), List.of("db/app/orders.sql", "db/analytics/events.sql"));
            deliver(bot, "pull_request.opened.json", "opened", 40, sha('8'));

            FakeRepo.CheckRun run = repo.checkRuns().get(0);
            assertEquals("failure", run.conclusion());
            List<String> failures = run.annotations().stream().filter(a -> "failure".equals(a.get("annotation_level")))
                    .map(a -> a.get("path") + " " + a.get("title")).toList();
            assertTrue(failures.contains("db/app/orders.sql drop-column"), failures.toString());
            assertTrue(failures.stream().anyMatch(f -> f.startsWith("db/analytics/events.sql ")), failures.toString());
            String body = repo.comments().get(0).body;
            assertTrue(body.contains("[`drop-column`](https://shadowbot.example/docs/lint.md#drop-column)"), body);
            assertEquals(List.of(List.of("analytics", "PLAN_FAILED"), List.of("app", "BLOCKED")), state.query(
                    "SELECT database_name, state FROM sb_deploy_request WHERE pr_number = 40 ORDER BY database_name"));
        }
    }
}
