package dev.shadowbot.bot.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.github.RepoApi.Annotation;
import dev.shadowbot.bot.github.RepoApi.CheckRunSpec;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real github-api adapter against the fake GitHub: auth, contents, PRs, comments, checks, reviews. */
@Timeout(60)
class GitHubRepoApiTest {
    static final String SHA = "a".repeat(40);

    @TempDir
    Path tmp;
    FakeGitHub gh;
    MutableClock clock;
    GitHubClients clients;

    @BeforeEach
    void setUp() throws Exception {
        gh = new FakeGitHub();
        clock = new MutableClock(Instant.parse("2026-11-21T06:00:00Z"));
        gh.clock(clock);
        AppJwt jwt = AppJwt.fromPemFile(FakeGitHub.APP_ID, gh.writePrivateKey(tmp), clock);
        clients = new GitHubClients(gh.apiUrl(), new InstallationTokens(gh.apiUrl(), jwt, clock),
                new AppIdentity(gh.apiUrl(), jwt), new Redactor(List.of(DatabaseUrl.parse(
                        "mysql://deployer:s3cret-pass@db9.internal:3307/app"))));
        gh.repo("acme/shop").commit(SHA, Map.of(
                ".github/shadowbot.yml", "databases:\n  app:\n    schema_dir: db/app\n",
                "db/app/users.sql", "CREATE TABLE users (id INT PRIMARY KEY);\n",
                "db/app/sub/orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY);\n",
                "db/app/README.md", "not sql",
                "src/Main.java", "class Main {}"));
        gh.repo("acme/shop").pullRequest(7, "alice", SHA, List.of("db/app/users.sql", "src/Main.java"));
    }

    @AfterEach
    void tearDown() {
        gh.close();
    }

    @Test
    void teamMembershipIsAskedFromTheApi() throws Exception {
        gh.teamMember("acme", "dba", "carol").teamMember("other", "ops", "dave");
        RepoApi repo = clients.repo(1, "acme/shop");
        assertTrue(repo.inTeam("carol", "dba"), gh.calls().toString());
        assertFalse(repo.inTeam("bob", "dba"), "not a member");
        assertFalse(repo.inTeam("carol", "nope"), "no such team");
        assertTrue(repo.inTeam("dave", "other/ops"), "org/slug names a team of another organization");
        assertTrue(gh.calls().stream().anyMatch(c -> c.path().endsWith("/memberships/carol")),
                gh.calls().toString());
    }

    @Test
    void readsFilesAndFoldersAtACommit() throws Exception {
        RepoApi repo = clients.repo(1, "acme/shop");
        assertEquals(Optional.of("databases:\n  app:\n    schema_dir: db/app\n"), repo.file(".github/shadowbot.yml", SHA));
        assertEquals(Optional.empty(), repo.file("nope.yml", SHA));
        assertEquals(Map.of("users.sql", "CREATE TABLE users (id INT PRIMARY KEY);\n",
                "sub/orders.sql", "CREATE TABLE orders (id INT PRIMARY KEY);\n"), repo.files("db/app", ".sql", SHA));
        assertEquals(Map.of(), repo.files("db/missing", ".sql", SHA));
    }

    @Test
    void readsThePullRequestItsFilesReviewsAndPermissions() throws Exception {
        gh.repo("acme/shop").review(7, "bob", "APPROVED", SHA).permission("bob", "write");
        RepoApi repo = clients.repo(1, "acme/shop");
        RepoApi.PullRequestInfo pr = repo.pullRequest(7);
        assertEquals(SHA, pr.headSha());
        assertEquals("alice", pr.author());
        assertTrue(pr.open());
        assertFalse(pr.merged());
        assertEquals(List.of("db/app/users.sql", "src/Main.java"), repo.changedFiles(7));
        assertEquals(List.of(new RepoApi.ReviewInfo(1, "bob", "APPROVED", SHA, false)), repo.reviews(7));
        assertEquals("write", repo.permission("bob"));
        assertEquals("none", repo.permission("mallory"));
        assertEquals("acme/shop", pr.baseRepo());
        assertEquals("main", pr.defaultBranch());
        assertFalse(pr.fromFork());
    }

    @Test
    void permissionsAreGitHubsLegacyBaseRolesAndANonCollaboratorIsNoneNot404() throws Exception {
        gh.repo("acme/shop").permission("mia", "maintain").permission("tia", "triage").permission("ada", "admin");
        RepoApi repo = clients.repo(1, "acme/shop");
        assertEquals("write", repo.permission("mia"), "maintain is mapped to write");
        assertEquals("read", repo.permission("tia"), "triage is mapped to read");
        assertEquals("admin", repo.permission("ada"));
        assertEquals("none", repo.permission("stranger"));
    }

    @Test
    void aPullRequestFromAForkOrADeletedForkIsMarkedAsSuch() throws Exception {
        FakeRepo shop = gh.repo("acme/shop");
        shop.pullRequest(8, "eve", SHA, List.of("db/app/users.sql")).headRepo = "eve/shop";
        shop.pullRequest(9, "eve", SHA, List.of("db/app/users.sql")).headRepo = null;
        RepoApi repo = clients.repo(1, "acme/shop");
        RepoApi.PullRequestInfo fork = repo.pullRequest(8);
        assertEquals("eve/shop", fork.headRepo());
        assertTrue(fork.fromFork());
        RepoApi.PullRequestInfo gone = repo.pullRequest(9);
        assertEquals("", gone.headRepo());
        assertTrue(gone.fromFork(), "a deleted fork is still not this repository");
    }

    @Test
    void anAppsReviewIsMarkedAsAnApps() throws Exception {
        gh.repo("acme/shop").review(7, "helper[bot]", "APPROVED", SHA);
        assertEquals(List.of(new RepoApi.ReviewInfo(1, "helper[bot]", "APPROVED", SHA, true)),
                clients.repo(1, "acme/shop").reviews(7));
    }

    @Test
    void editsAndDeletesOnlyCommentsThisAppWroteThoughGitHubWouldAllowMore() throws Exception {
        FakeRepo state = gh.repo("acme/shop");
        state.userComment(77, 7, "mallory", "<!-- shadowbot:sticky -->\nI am the bot");
        state.userComment(78, 7, "other-app[bot]", "<!-- shadowbot:sticky -->\nso am I");
        RepoApi repo = clients.repo(1, "acme/shop");
        assertFalse(repo.updateComment(7, 77, "taken over"));
        assertFalse(repo.updateComment(7, 78, "taken over"));
        repo.deleteComment(7, 77);
        assertEquals(List.of(0, 0), state.comments().stream().map(c -> c.edits).toList());
        assertEquals(2, state.comments().size(), "nothing deleted");
        assertEquals(0, gh.count("PATCH", ".*/issues/comments/.*") + gh.count("DELETE", ".*/issues/comments/.*"));
        assertEquals(List.of(false, false), repo.comments(7).stream().map(RepoApi.CommentInfo::byThisApp).toList());
        long ours = repo.createComment(7, "mine");
        assertTrue(repo.comments(7).stream().filter(c -> c.id() == ours).findFirst().orElseThrow().byThisApp());
        long asked = gh.count("GET", "/app");
        assertTrue(asked > 0, "the App's identity comes from GET /app");
        repo.comments(7);
        clients.repo(1, "acme/shop").comments(7);
        assertEquals(asked, gh.count("GET", "/app"), "and is asked once, not per comment: " + gh.calls());
    }

    @Test
    void connectionDetailsNeverLeaveTheBotInACommentOrCheckRun() throws Exception {
        RepoApi repo = clients.repo(1, "acme/shop");
        String leak = "cannot connect to mysql://deployer:***@db9.internal:3307/app: refused; check that the server"
                + " is reachable at db9.internal:3307 (password s3cret-pass)";
        long id = repo.createComment(7, leak);
        repo.updateComment(7, id, "again: " + leak);
        repo.createCheckRun(new CheckRunSpec("shadowbot", SHA, "failure", leak, leak, leak, "",
                List.of(new Annotation("db/app/users.sql", 1, "failure", leak, leak))));
        String written = gh.repo("acme/shop").comments().get(0).body + gh.repo("acme/shop").checkRuns().get(0).fields;
        for (String secret : List.of("mysql://", "db9.internal:3307", "deployer", "s3cret-pass")) {
            assertFalse(written.contains(secret), secret + " reached GitHub: " + written);
        }
        assertTrue(written.contains(Redactor.HIDDEN), written);
    }

    @Test
    void createsEditsReactsToAndDeletesComments() throws Exception {
        RepoApi repo = clients.repo(1, "acme/shop");
        long id = repo.createComment(7, "first");
        assertTrue(repo.updateComment(7, id, "second"));
        assertFalse(repo.updateComment(7, 999_999, "nobody"));
        repo.react(7, id, "eyes");
        FakeRepo state = gh.repo("acme/shop");
        assertEquals("second", state.comments().get(0).body);
        assertEquals(1, state.comments().get(0).edits);
        assertEquals(List.of(new FakeRepo.Reaction(id, "eyes")), state.reactions());
        assertEquals(List.of(new RepoApi.CommentInfo(id, "shadowbot[bot]", "second",
                "https://github.com/acme/shop/pull/7#issuecomment-" + id, true)), repo.comments(7));
        repo.deleteComment(7, id);
        assertEquals(List.of(), repo.comments(7));
    }

    @Test
    void createsAndCompletesACheckRunWithAnnotations() throws Exception {
        RepoApi repo = clients.repo(1, "acme/shop");
        long id = repo.createCheckRun(new CheckRunSpec("shadowbot", SHA, null, "Planning", "…", "", "", List.of()));
        repo.updateCheckRun(id, new CheckRunSpec("shadowbot", SHA, "failure", "Blocked", "summary", "text",
                "https://example.test/details",
                List.of(new Annotation("db/app/users.sql", 3, "failure", "parse-error", "unexpected token"))));
        FakeRepo.CheckRun run = gh.repo("acme/shop").checkRuns().get(0);
        assertEquals(SHA, run.headSha());
        assertEquals("shadowbot", run.fields.get("name"));
        assertEquals("completed", run.status());
        assertEquals("failure", run.conclusion());
        assertEquals("https://example.test/details", run.fields.get("details_url"));
        assertEquals(1, run.annotations().size());
        Map<String, Object> a = run.annotations().get(0);
        assertEquals("db/app/users.sql", a.get("path"));
        assertEquals(3, a.get("start_line"));
        assertEquals("failure", a.get("annotation_level"));
    }

    @Test
    void cachesTheInstallationTokenAndRefreshesItBeforeExpiry() throws Exception {
        RepoApi repo = clients.repo(1, "acme/shop");
        repo.pullRequest(7);
        repo.changedFiles(7);
        assertEquals(1, gh.tokensIssued(), "one token serves many calls");
        clock.advance(Duration.ofMinutes(54));
        repo.comments(7);
        assertEquals(1, gh.tokensIssued(), "still more than 5 minutes left");
        clock.advance(Duration.ofMinutes(2));
        repo.comments(7);
        assertEquals(2, gh.tokensIssued(), "refreshed 4 minutes before expiry");
        assertEquals(2, gh.count("POST", "/app/installations/1/access_tokens"));
    }

    @Test
    void aTokenFromAnotherKeyIsRefusedByTheFake() throws Exception {
        FakeGitHub other = new FakeGitHub();
        try {
            AppJwt wrongKey = AppJwt.fromPemFile(FakeGitHub.APP_ID,
                    other.writePrivateKey(java.nio.file.Files.createDirectory(tmp.resolve("other"))), Clock.systemUTC());
            RepoApi repo = new GitHubClients(gh.apiUrl(), new InstallationTokens(gh.apiUrl(), wrongKey,
                    Clock.systemUTC()), new AppIdentity(gh.apiUrl(), wrongKey), new Redactor(List.of()))
                    .repo(1, "acme/shop");
            assertThrowsIo(() -> repo.pullRequest(7));
            assertEquals(0, gh.tokensIssued());
        } finally {
            other.close();
        }
    }

    private static void assertThrowsIo(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, e);
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
