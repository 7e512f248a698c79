package dev.shadowbot.bot.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * github-api against the fake's rate-limit answers: the bot's handlers throw at once (github-api's
 * defaults would sleep until the reset — an hour) and remember the wait per installation; while it
 * lasts the installation's calls do not reach GitHub; other installations are served.
 */
@Timeout(30) // github-api's default handler would sleep for the hour the reset is away
class RateLimitsTest {
    static final long A = 1001;
    static final long B = 1002;

    @TempDir
    Path tmp;
    FakeGitHub gh;
    GitHubClients clients;
    RateLimits limits;

    @BeforeEach
    void setUp() throws Exception {
        gh = new FakeGitHub();
        AppJwt jwt = AppJwt.fromPemFile(FakeGitHub.APP_ID, gh.writePrivateKey(tmp), Clock.systemUTC());
        limits = new RateLimits(Clock.systemUTC());
        clients = new GitHubClients(gh.apiUrl(), new InstallationTokens(gh.apiUrl(), jwt, Clock.systemUTC(), limits),
                org.kohsuke.github.connector.GitHubConnector.DEFAULT, new AppIdentity(gh.apiUrl(), jwt),
                new Redactor(List.of()), limits);
        gh.repo("acme/shop").commit("main", Map.of("a.txt", "a"));
        gh.repo("other/repo").commit("main", Map.of("b.txt", "b"));
    }

    @AfterEach
    void tearDown() {
        gh.close();
    }

    /** The rate limit the call failed with (github-api wraps it in an HttpException). */
    private static RateLimited limited(org.junit.jupiter.api.function.Executable call) {
        java.io.IOException e = assertThrows(java.io.IOException.class, call);
        return RateLimited.in(e).orElseThrow(() -> new AssertionError("not a rate limit", e));
    }

    @Test
    void aPrimaryLimitFailsFastUntilItsResetAndOtherInstallationsAreServed() throws Exception {
        RepoApi a = clients.repo(A, "acme/shop");
        a.file("a.txt", "main"); // a token and one call before the limit
        Instant reset = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        gh.limits().primary(A, reset);
        RateLimited e = limited(() -> clients.repo(A, "acme/shop").file("a.txt", "main"));
        assertEquals(reset, e.until(), "X-RateLimit-Reset");
        assertEquals("primary", e.waitFor().kind());
        assertEquals(1, gh.limits().limitedAnswers(A));

        // Known to wait: the next calls are refused before they reach GitHub.
        long calls = gh.calls().size();
        limited(() -> clients.repo(A, "acme/shop").pullRequest(1));
        assertEquals(calls, gh.calls().size(), "no call made while waiting");
        assertEquals(1, limits.refusedCalls());

        assertEquals("b", clients.repo(B, "other/repo").file("b.txt", "main").orElseThrow(), "B is served");
        assertEquals(List.of(A), limits.active().stream().map(RateLimits.Wait::installationId).toList());
        assertEquals(1, limits.primaryHits());
    }

    @Test
    void aSecondaryLimitWaitsForRetryAfterElseAtLeastAMinute() throws Exception {
        clients.repo(A, "acme/shop").file("a.txt", "main");
        clients.repo(B, "other/repo").file("b.txt", "main");
        gh.limits().secondary(A, Instant.now().plusSeconds(120), true);
        gh.limits().secondary(B, Instant.now().plusSeconds(5), false);
        Instant before = Instant.now();
        RateLimited a = limited(() -> clients.repo(A, "acme/shop").file("a.txt", "main"));
        RateLimited b = limited(() -> clients.repo(B, "other/repo").file("b.txt", "main"));
        assertEquals("secondary", a.waitFor().kind());
        long aWait = Duration.between(before, a.until()).toSeconds();
        assertTrue(aWait >= 115 && aWait <= 121, "Retry-After: " + aWait);
        long bWait = Duration.between(before, b.until()).toSeconds();
        assertTrue(bWait >= 59 && bWait <= 61, "no Retry-After: at least 60 s, was " + bWait);
        assertEquals(2, limits.secondaryHits());
    }

    @Test
    void aWaitEndsAtItsReset() throws Exception {
        clients.repo(A, "acme/shop").file("a.txt", "main");
        gh.limits().primary(A, Instant.now().plusSeconds(2));
        limited(() -> clients.repo(A, "acme/shop").file("a.txt", "main"));
        gh.limits().lift(A);
        long deadline = System.currentTimeMillis() + 10_000;
        while (limits.active(A).isPresent() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("a", clients.repo(A, "acme/shop").file("a.txt", "main").orElseThrow());
        assertTrue(limits.active().isEmpty());
    }

    @Test
    void a401DropsTheTokenSoAReinstalledAppGetsAFreshOne() throws Exception {
        RepoApi a = clients.repo(A, "acme/shop");
        assertEquals("a", a.file("a.txt", "main").orElseThrow());
        gh.uninstall(A); // GitHub revokes the installation's tokens
        java.io.IOException gone = assertThrows(java.io.IOException.class,
                () -> clients.repo(A, "acme/shop").file("a.txt", "main"), "never read as 'no such file'");
        assertTrue(!(gone instanceof java.io.FileNotFoundException) && (String.valueOf(gone.getMessage())
                .contains("Bad credentials") || String.valueOf(gone.getMessage()).contains("uninstalled")), gone.toString());
        gh.limits().reinstall(A);
        int issued = gh.tokensIssued();
        assertEquals("a", clients.repo(A, "acme/shop").file("a.txt", "main").orElseThrow(),
                "the revoked token was dropped on the 401, not used until it expired");
        assertEquals(issued + 1, gh.tokensIssued());
    }
}
