package dev.shadowbot.bot.inbox;

import dev.shadowbot.bot.deploy.EnginePlanningService;
import dev.shadowbot.bot.github.FakeRepo;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.bot.testing.BotHarness;
import dev.shadowbot.bot.testing.Webhooks;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

/**
 * Benchmark, not a test (run by {@code bench/rate-limit.sh}; no assertion on time): how long an event of
 * installation B takes from webhook to DONE, with no rate limit and while installation A is rate-limited with
 * a backlog of events; and, as the reference, how long github-api's default handler blocks one call of A
 * (it sleeps until the reset, holding the worker and the PR lock).
 */
@RealDatabase
@Timeout(600)
class RateLimitBench {
    static final long A = Webhooks.INSTALLATION;
    static final long B = 77700001;
    static final String HEAD = "d".repeat(40);
    static final int RUNS = Integer.getInteger("bench.runs", 20);
    static final int BACKLOG = Integer.getInteger("bench.backlog", 20);

    private static void repo(FakeRepo repo) {
        repo.commit("main", Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n"));
        repo.commit(HEAD, Map.of(".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db\n",
                "src/Main.java", "class Main {}"));
    }

    private static List<Long> eventsOfB(BotHarness bot) throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            bot.github.repo("beta/app").pullRequest(100 + i,  "alice", HEAD, List.of("src/Main.java"));
            byte[] b = Webhooks.forInstallation(Webhooks.pullRequest("pull_request.opened.json", "opened", 100 + i, HEAD),
                    B, "beta/app");
            String d = BotHarness.newDelivery();
            long t0 = System.nanoTime();
            bot.send("pull_request", d, b);
            bot.await(d, InboxStatus.DONE);
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        return ms;
    }

    private static String stats(List<Long> ms) {
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        return "p50 " + s.get(s.size() / 2) + " ms, p90 " + s.get((int) Math.ceil(s.size() * 0.9) - 1) + " ms, max "
                + s.get(s.size() - 1) + " ms (n=" + s.size() + ")";
    }

    @Test
    void eventOfBWhileAIsRateLimited(TestDb state) throws Exception {
        try (BotHarness bot = BotHarness.start(state.url(), Map.of(), new EnginePlanningService(), 8)) {
            repo(bot.github.repo("acme/shop"));
            repo(bot.github.repo("beta/app"));
            eventsOfB(bot); // warm-up
            List<Long> baseline = eventsOfB(bot);

            bot.github.limits().primary(A, Instant.now().plusSeconds(3600));
            for (int i = 0; i < BACKLOG; i++) {
                bot.github.repo("acme/shop").pullRequest(200 + i, "alice", HEAD, List.of("src/Main.java"));
                bot.send("pull_request", BotHarness.newDelivery(),
                        Webhooks.pullRequest("pull_request.opened.json", "opened", 200 + i, HEAD));
            }
            List<Long> limited = eventsOfB(bot);

            // Reference: github-api's default rate-limit handler on one call of A (reset 5 s away).
            Instant reset = Instant.now().plusSeconds(5);
            bot.github.limits().primary(A, reset);
            String token = "token " + new dev.shadowbot.bot.github.InstallationTokens(bot.github.apiUrl(),
                    dev.shadowbot.bot.github.AppJwt.fromPemFile(dev.shadowbot.bot.github.FakeGitHub.APP_ID,
                            bot.privateKeyFile(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC()).token(A);
            GitHub plain = new GitHubBuilder().withEndpoint(bot.github.apiUrl())
                    .withAuthorizationProvider(() -> token).build();
            new Thread(() -> {
                try {
                    Thread.sleep(java.time.Duration.between(Instant.now(), reset).toMillis());
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                bot.github.limits().lift(A);
            }).start();
            long t0 = System.nanoTime();
            plain.getRepository("acme/shop");
            long blocked = (System.nanoTime() - t0) / 1_000_000;

            System.out.println("BENCH baseline  (no limit):               " + stats(baseline));
            System.out.println("BENCH A limited (" + BACKLOG + " events of A waiting): " + stats(limited));
            System.out.println("BENCH reference: github-api default handler blocked one call of A for " + blocked
                    + " ms (reset was 5 s away; an hour for a real primary limit)");
            System.out.println("BENCH A events deferred, attempts used: " + state.query(
                    "SELECT status, MAX(attempts), COUNT(*) FROM sb_inbox WHERE event = 'pull_request'"
                            + " AND status = 'PENDING' GROUP BY status"));
        }
    }
}
