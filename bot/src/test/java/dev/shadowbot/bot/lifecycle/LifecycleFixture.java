package dev.shadowbot.bot.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Shared repository content and webhook helpers of the lifecycle tests. */
final class LifecycleFixture {
    static final String REPO = "acme/shop";
    /** The copy path (shadow tables, reverse sync) is what these tests look at; InstantBotIT has the instant one. */
    static final String CONFIG = """
            databases:
              app:
                schema_dir: db/app
            revert_window: 45m
            instant: never
            """;
    static final String TABLE = "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " PRIMARY KEY (id))";
    static final String ORDERS_WITH_NOTE = """
            CREATE TABLE orders (
              id BIGINT NOT NULL,
              v VARCHAR(64) NOT NULL,
              n INT NULL,
              note VARCHAR(200) NULL,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB;
            """;
    static final String ORDERS_WITH_NOTE_AND_INDEX = """
            CREATE TABLE orders (
              id BIGINT NOT NULL,
              v VARCHAR(64) NOT NULL,
              n INT NULL,
              note VARCHAR(200) NULL,
              PRIMARY KEY (id),
              KEY ix_n (n)
            ) ENGINE=InnoDB;
            """;
    static final String ORDERS = TABLE + ";\n";
    static final String CUSTOMERS_TABLE = "CREATE TABLE customers (id BIGINT NOT NULL, name VARCHAR(64) NOT NULL,"
            + " PRIMARY KEY (id))";
    static final String CUSTOMERS = CUSTOMERS_TABLE + ";\n";
    static final String CUSTOMERS_WITH_EMAIL = "CREATE TABLE customers (id BIGINT NOT NULL, name VARCHAR(64) NOT NULL,"
            + " email VARCHAR(200) NULL, PRIMARY KEY (id));\n";
    private static final AtomicLong COMMENT_IDS = new AtomicLong(1_900_000_000L);

    private LifecycleFixture() {
    }

    private static final long T0 = System.nanoTime();

    /** Prints a progress mark with the elapsed time (to see where a slow run spends it). */
    static void mark(String what) {
        System.out.printf("lifecycle-test +%d ms %s%n", (System.nanoTime() - T0) / 1_000_000, what);
    }

    static String sha(char c) {
        return String.valueOf(c).repeat(40);
    }

    static Map<String, String> tree(String orders) {
        return tree(orders, null);
    }

    /** The repository at a commit; {@code customers} null = no customers table in the schema. */
    static Map<String, String> tree(String orders, String customers) {
        return treeWith(CONFIG, orders, customers);
    }

    /** As {@link #tree(String, String)} with another {@code .github/shadowbot.yml}. */
    static Map<String, String> treeWith(String config, String orders, String customers) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(".github/shadowbot.yml", config);
        t.put("README.md", "# shop\n");
        t.put("db/app/orders.sql", orders);
        if (customers != null) {
            t.put("db/app/customers.sql", customers);
        }
        return t;
    }

    /**
     * Puts {@code config} on the base branch {@code main}: the policy every pull request into it is
     * judged by (the bot reads it from there, never from the PR's head).
     */
    static FakeRepo base(FakeRepo repo, String config) {
        return repo.commit("main", Map.of(".github/shadowbot.yml", config, "README.md", "# shop\n"));
    }

    static void pullRequestEvent(BotHarness bot, String action, int pr, String head) throws Exception {
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send("pull_request", delivery,
                Webhooks.pullRequest("pull_request.opened.json", action, pr, head)).statusCode());
        bot.await(delivery, InboxStatus.DONE);
        mark("handled pull_request " + action);
    }

    /** Posts a comment as {@code login}; returns the bot's answer (the newest comment mentioning them). */
    static String command(BotHarness bot, FakeRepo repo, int pr, String login, String body) throws Exception {
        long commentId = COMMENT_IDS.incrementAndGet();
        repo.userComment(commentId, pr, login, body);
        int before = repo.comments().size();
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send("issue_comment", delivery, Webhooks.comment(pr, commentId, login, body))
                .statusCode());
        bot.await(delivery, InboxStatus.DONE);
        mark("answered " + body);
        assertEquals(List.of(new FakeRepo.Reaction(commentId, "eyes")), repo.reactions().stream()
                .filter(r -> r.commentId() == commentId).toList(), "👀 on receipt");
        List<FakeRepo.Comment> after = repo.comments();
        FakeRepo.Comment answer = after.get(after.size() - 1);
        assertEquals(before + 1, after.size(), "exactly one answer, got: " + answer.body);
        return answer.body;
    }

    /**
     * Posts a command whose answer may race with a comment the deploy runner posts (the final summary):
     * returns the one new comment that answers {@code login}.
     */
    static String windowCommand(BotHarness bot, FakeRepo repo, int pr, String login, String body) throws Exception {
        long commentId = COMMENT_IDS.incrementAndGet();
        int before = repo.comments().size();
        repo.userComment(commentId, pr, login, body);
        String delivery = BotHarness.newDelivery();
        assertEquals(202, bot.send("issue_comment", delivery, Webhooks.comment(pr, commentId, login, body))
                .statusCode());
        bot.await(delivery, InboxStatus.DONE);
        mark("answered " + body);
        List<FakeRepo.Comment> answers = repo.comments().subList(before + 1, repo.comments().size()).stream()
                .filter(c -> c.issue == pr && c.body.startsWith("@" + login + " ")).toList();
        assertEquals(1, answers.size(), "exactly one answer: " + answers.stream().map(c -> c.body).toList());
        return answers.get(0).body;
    }

    /** The comments on a PR that contain {@code text}, waiting up to 20 s for at least one. */
    static List<FakeRepo.Comment> awaitComments(FakeRepo repo, int pr, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<FakeRepo.Comment> found = List.of();
        while (System.nanoTime() < deadline) {
            found = repo.comments().stream().filter(c -> c.issue == pr && c.body.contains(text)).toList();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no comment on #" + pr + " said '" + text + "'");
    }

    static String sticky(FakeRepo repo, int pr) {
        return repo.comments().stream().filter(c -> c.issue == pr && c.body.startsWith("<!-- shadowbot:sticky"))
                .findFirst().orElseThrow().body;
    }

    static String awaitSticky(FakeRepo repo, int pr, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String body = sticky(repo, pr);
            if (body.contains(text)) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("sticky comment of #" + pr + " never said '" + text + "': " + sticky(repo, pr));
    }

    static Entry awaitStatus(DeployQueue queue, int pr, DeployQueue.Status status, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Entry> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = queue.forPullRequest(REPO, pr);
            if (!rows.isEmpty() && rows.get(rows.size() - 1).status() == status) {
                mark("reached " + status);
                return rows.get(rows.size() - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("PR " + pr + " did not reach " + status + "; rows: " + rows);
    }
}
