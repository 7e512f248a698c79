package dev.shadowbot.bot.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.ServerSnapshot;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.testing.TestDb;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Shared ground of the trust-boundary tests: a repository whose base branch holds the policy, events
 * shaped as GitHub sends them, and the "no effect" oracle: nothing queued for the pull request, the
 * database server unchanged (read from the server itself), no other author's comment touched.
 */
final class TrustFixture {
    static final String REPO = BotHarness.REPO;
    /** The copy path (shadow tables, reverse sync) is what these tests look at; InstantBotIT has the instant one. */
    static final String CONFIG = """
            databases:
              app:
                schema_dir: db/app
            revert_window: 45m
            instant: never
            """;
    static final String TABLE = "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, PRIMARY KEY (id))";
    static final String ORDERS = TABLE + ";\n";
    static final String ORDERS_WITH_NOTE = """
            CREATE TABLE orders (
              id BIGINT NOT NULL,
              v VARCHAR(64) NOT NULL,
              note VARCHAR(200) NULL,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;
    private static final AtomicLong COMMENT_IDS = new AtomicLong(1_700_000_000L);

    private TrustFixture() {
    }

    static String sha(char c) {
        return String.valueOf(c).repeat(40);
    }

    /** A commit's tree: the config, a README and the given files. */
    static Map<String, String> tree(String config, Map<String, String> files) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(".github/shadowbot.yml", config);
        t.put("README.md", "# shop\n");
        t.putAll(files);
        return t;
    }

    /** The real bot with one target database, {@code app} (reached at {@code url}), bound to {@link #REPO}. */
    static BotHarness bot(TestDb state, DatabaseUrl url) throws IOException {
        return BotHarness.start(state.url(), Map.of("app", url), new EnginePlanningService(), 4);
    }

    /** {@link #REPO} in the bot's fake GitHub, with {@link #CONFIG} as the policy of {@code main}. */
    static FakeRepo repo(BotHarness bot) {
        FakeRepo repo = bot.github.repo(REPO);
        base(repo, CONFIG);
        return repo;
    }

    /**
     * The control after an attack: with a real approval of the head, {@code /deploy} by a writer queues it,
     * so the refusals before were the rules at work, not a bot that does nothing.
     */
    static void assertARealApprovalDeploys(BotHarness bot, FakeRepo repo, int pr, char head) throws Exception {
        repo.permission("carol", "write").permission("bob", "write");
        repo.review(pr, "carol", "APPROVED", sha(head));
        String queued = command(bot, repo, pr, "bob", "/deploy");
        assertTrue(queued.contains("Queued `" + sha(head).substring(0, 7) + "`") && queued.contains("@carol"), queued);
    }

    /** The base branch {@code main} with {@code config}: the policy pull requests into it are judged by. */
    static void base(FakeRepo repo, String config) {
        repo.commit("main", tree(config, Map.of("db/app/orders.sql", ORDERS)));
    }

    /** Opens pull request {@code pr} by {@code author} from this repository at a commit holding {@code tree}. */
    static void open(BotHarness bot, FakeRepo repo, int pr, String author, char head, Map<String, String> tree,
                     List<String> changed) throws Exception {
        repo.commit(sha(head), tree);
        repo.pullRequest(pr, author, sha(head), changed);
        deliver(bot, "pull_request", Webhooks.pullRequest("pull_request.opened.json", "opened", pr, sha(head)),
                InboxStatus.DONE);
    }

    /** Delivers a signed webhook and waits until the bot is done with it in the expected way. */
    static void deliver(BotHarness bot, String event, byte[] payload, InboxStatus expected) throws Exception {
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send(event, delivery, payload).statusCode());
        bot.await(delivery, expected);
    }

    /** A new comment by {@code login}; returns the bot's one answer, which mentions them. */
    static String command(BotHarness bot, FakeRepo repo, int pr, String login, String body) throws Exception {
        long id = COMMENT_IDS.incrementAndGet();
        repo.userComment(id, pr, login, body);
        int before = repo.comments().size();
        deliver(bot, "issue_comment", Webhooks.comment(pr, id, login, body), InboxStatus.DONE);
        List<FakeRepo.Comment> answers = repo.comments().subList(before, repo.comments().size()).stream()
                .filter(c -> c.body.startsWith("@" + login + " ")).toList();
        assertEquals(1, answers.size(), "one answer to " + body + ": " + answers.stream().map(c -> c.body).toList());
        return answers.get(0).body;
    }

    static long nextCommentId() {
        return COMMENT_IDS.incrementAndGet();
    }

    static String sticky(FakeRepo repo, int pr) {
        return repo.comments().stream().filter(c -> c.issue == pr && c.author.equals("shadowbot[bot]")
                && c.body.startsWith("<!-- shadowbot:sticky")).findFirst().orElseThrow().body;
    }

    /** Everything the bot showed on GitHub: every comment and every field of every check run. */
    static String published(FakeRepo repo) {
        return repo.comments().stream().map(c -> c.body).collect(Collectors.joining("\n"))
                + repo.checkRuns().stream().map(r -> r.fields.toString()).collect(Collectors.joining("\n"));
    }

    static void assertNotPublished(FakeRepo repo, String... texts) {
        String all = published(repo);
        for (String t : texts) {
            assertFalse(all.contains(t), "'" + t + "' was published: " + all);
        }
    }

    /** What must stay as it is while an attack is tried. */
    record Baseline(Map<String, String> server, Map<Long, String> othersComments) {
        /** The same server state, with the comments as their authors have them now (after their own edits). */
        Baseline afterAuthorsEdits(FakeRepo repo) {
            return new Baseline(server, TrustFixture.othersComments(repo));
        }
    }

    static Baseline baseline(FakeRepo repo, TestDb state, TestDb app) {
        return new Baseline(ServerSnapshot.of(app.serverUrl(), Set.of(state.schema())), othersComments(repo));
    }

    /**
     * No effect: nothing queued for {@code pr}, no DDL, shadow table or workspace schema anywhere on the
     * server, and every comment not written by the bot exactly as its author left it (never edited).
     */
    static void assertNoEffect(Baseline before, BotHarness bot, FakeRepo repo, TestDb state, TestDb app, int pr) {
        assertEquals(List.of(), bot.bot.store().deployQueue().forPullRequest(REPO, pr), "nothing queued");
        assertEquals(before.server(), ServerSnapshot.of(app.serverUrl(), Set.of(state.schema())),
                "the database server is unchanged");
        Map<Long, String> now = othersComments(repo);
        before.othersComments().forEach((id, body) -> assertEquals(body, now.get(id), "comment " + id + " untouched"));
        assertTrue(repo.comments().stream().filter(c -> !c.author.equals("shadowbot[bot]")).allMatch(c -> c.edits == 0),
                "the bot edited no one else's comment");
    }

    private static Map<Long, String> othersComments(FakeRepo repo) {
        Map<Long, String> m = new LinkedHashMap<>();
        repo.comments().stream().filter(c -> !c.author.equals("shadowbot[bot]")).forEach(c -> m.put(c.id, c.body));
        return m;
    }
}
