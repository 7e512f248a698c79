package dev.shadowbot.bot.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A stateful fake of the GitHub REST API, served by MockWebServer, for the real github-api client.
 * It checks authentication as GitHub does (App JWT signed with the App's key for {@code /app…};
 * an unexpired installation token for repository calls), keeps repositories, pull requests,
 * comments, reactions, check runs, reviews and permissions, and records every call.
 */
public final class FakeGitHub implements AutoCloseable {
    public static final long APP_ID = 4242;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final KeyPair appKey;
    private final Map<String, FakeRepo> repos = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Long> tokenInstallation = new ConcurrentHashMap<>();
    private final FakeLimits limits = new FakeLimits();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile Clock clock = Clock.systemUTC();
    private volatile int failNextRepoCalls;

    /** One recorded API call; {@code body} is null for GET (mockwebserver3 records no body there). */
    public record Call(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public FakeGitHub() throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            appKey = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        server.setServerSocketFactory(new NoDelaySockets());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    return route(request);
                } catch (RuntimeException | IOException e) {
                    // A throwing dispatcher hangs the client; answer 500 instead.
                    return json(500, Map.of("message", "fake GitHub failed: " + e));
                }
            }
        });
        server.start();
    }

    /**
     * Accepted sockets with TCP_NODELAY: MockWebServer writes a response's head and body separately, and
     * with Nagle's algorithm the body waits for the client's delayed ACK (~40 ms per call), which made a
     * 1,000-file folder take a minute to read.
     */
    private static final class NoDelaySockets extends javax.net.ServerSocketFactory {
        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket s = super.accept();
                    s.setTcpNoDelay(true);
                    return s;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
                throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }
    }

    /** API base URL for {@code GitHubBuilder.withEndpoint}. */
    public String apiUrl() {
        String u = server.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    /** Writes the App's private key as GitHub hands it out (PKCS#1, {@code BEGIN RSA PRIVATE KEY}). */
    public Path writePrivateKey(Path dir) throws IOException {
        byte[] pkcs8 = appKey.getPrivate().getEncoded();
        byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
        Path file = dir.resolve("app.pem");
        Files.writeString(file, pem);
        return file;
    }

    /** The real github-api adapter as installation 1 of this fake's App, for {@code fullName} (key written to {@code dir}). */
    public RepoApi api(Path dir, String fullName) throws IOException {
        AppJwt jwt = AppJwt.fromPemFile(APP_ID, writePrivateKey(dir), Clock.systemUTC());
        return new GitHubClients(apiUrl(), new InstallationTokens(apiUrl(), jwt, Clock.systemUTC()),
                new AppIdentity(apiUrl(), jwt), new Redactor(List.of())).repo(1, fullName);
    }

    public FakeRepo repo(String fullName) {
        return repos.computeIfAbsent(fullName, FakeRepo::new);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long count(String method, String pathRegex) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().matches(pathRegex)).count();
    }

    public int tokensIssued() {
        return tokens.size();
    }

    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    public void clock(Clock c) {
        this.clock = c;
    }

    /** The App is uninstalled from (or suspended on) the installation: its tokens are revoked and answer 401. */
    public void uninstall(long installation) {
        limits.uninstall(installation);
        tokenInstallation.forEach((token, id) -> {
            if (id == installation) {
                tokens.remove(token);
            }
        });
    }

    /** Rate limits, uninstalls and suspensions per installation (see {@link FakeLimits}). */
    public FakeLimits limits() {
        return limits;
    }

    /** The next {@code n} repository calls answer 502, as GitHub does in an outage. */
    public void failNextRepoCalls(int n) {
        this.failNextRepoCalls = n;
    }

    private MockResponse route(RecordedRequest r) throws IOException {
        String method = r.getMethod();
        String path = URLDecoder.decode(r.getUrl().encodedPath(), StandardCharsets.UTF_8);
        String body = r.getBody() == null ? null : r.getBody().utf8();
        calls.add(new Call(method, path, body));
        String auth = r.getHeaders().get("Authorization");
        if (path.startsWith("/app")) {
            if (!validJwt(auth)) {
                return json(401, Map.of("message", "A JSON web token could not be decoded"));
            }
            return app(method, path);
        }
        if (auth == null || !auth.startsWith("token ") || !validToken(auth.substring(6))) {
            return json(401, Map.of("message", "Bad credentials", "documentation_url", "https://docs.github.com/rest"));
        }
        long installation = tokenInstallation.getOrDefault(auth.substring(6), 0L);
        MockResponse limited = limits.check(installation, clock.instant());
        if (limited != null) {
            return limited;
        }
        if (failNextRepoCalls > 0) {
            failNextRepoCalls--;
            return json(502, Map.of("message", "Server Error"));
        }
        if (method.equals("GET") && path.matches("^/users/[^/]+$")) {
            return json(200, user(path.substring(7), 77));
        }
        if (method.equals("GET") && path.startsWith("/orgs/")) {
            return org(path);
        }
        Matcher byId = Pattern.compile("^/organizations/(\\d+)/team/(\\d+)/memberships/([^/]+)$").matcher(path);
        if (method.equals("GET") && byId.matches()) {
            // github-api's GHTeam.hasMember asks by ids: /organizations/{org_id}/team/{team_id}/memberships/{login}
            for (var org : teams.entrySet()) {
                for (var team : org.getValue().entrySet()) {
                    if (orgId(org.getKey()) == Long.parseLong(byId.group(1))
                            && teamId(org.getKey(), team.getKey()) == Long.parseLong(byId.group(2))) {
                        return org("/orgs/" + org.getKey() + "/teams/" + team.getKey() + "/memberships/" + byId.group(3));
                    }
                }
            }
            return notFound();
        }
        Matcher m = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$").matcher(path);
        if (!m.matches() || !repos.containsKey(m.group(1) + "/" + m.group(2))) {
            return notFound();
        }
        FakeRepo repo = repos.get(m.group(1) + "/" + m.group(2));
        String rest = m.group(3) == null ? "" : m.group(3);
        Map<String, Object> in = body == null || body.isEmpty() ? Map.of() : JSON.readValue(body, Map.class);
        return limits.headers(installation, clock.instant(), FakeGitHubRoutes.repo(this, repo, method, rest, r.getUrl(), in));
    }

    /** Organization → team slug → member logins (active memberships). */
    private final Map<String, Map<String, java.util.Set<String>>> teams = new ConcurrentHashMap<>();

    /** Makes {@code login} an active member of team {@code org/slug}. */
    public FakeGitHub teamMember(String org, String slug, String login) {
        teams.computeIfAbsent(org, o -> new ConcurrentHashMap<>())
                .computeIfAbsent(slug, t -> ConcurrentHashMap.newKeySet()).add(login);
        return this;
    }

    private MockResponse org(String path) {
        Matcher m = Pattern.compile("^/orgs/([^/]+)(?:/teams/([^/]+)(?:/memberships/([^/]+))?)?$").matcher(path);
        if (!m.matches()) {
            return notFound();
        }
        String org = m.group(1);
        if (m.group(2) == null) {
            Map<String, Object> o = new java.util.LinkedHashMap<>(user(org, orgId(org)));
            o.put("type", "Organization");
            o.put("url", apiUrl() + "/orgs/" + org);
            return json(200, o);
        }
        Map<String, java.util.Set<String>> orgTeams = teams.getOrDefault(org, Map.of());
        if (!orgTeams.containsKey(m.group(2))) {
            return notFound();
        }
        if (m.group(3) == null) {
            return json(200, Map.of("id", teamId(org, m.group(2)), "name", m.group(2),
                    "slug", m.group(2), "permission", "pull", "privacy", "closed",
                    "url", apiUrl() + "/orgs/" + org + "/teams/" + m.group(2),
                    "html_url", "https://github.com/orgs/" + org + "/teams/" + m.group(2),
                    "organization", Map.of("login", org, "id", orgId(org))));
        }
        return orgTeams.get(m.group(2)).contains(m.group(3))
                ? json(200, Map.of("state", "active", "role", "member",
                "url", apiUrl() + "/orgs/" + org + "/teams/" + m.group(2) + "/memberships/" + m.group(3)))
                : notFound();
    }

    private static long orgId(String org) {
        return 1000 + Math.abs(org.hashCode() % 100_000);
    }

    private static long teamId(String org, String slug) {
        return 200_000 + Math.abs((org + "/" + slug).hashCode() % 1_000_000);
    }

    private MockResponse app(String method, String path) {
        if (method.equals("GET") && path.equals("/app")) {
            return json(200, appJson(FakeGitHubRoutes.BOT_LOGIN));
        }
        Matcher m = Pattern.compile("^/app/installations/(\\d+)(/access_tokens)?$").matcher(path);
        if (!m.matches()) {
            return notFound();
        }
        long id = Long.parseLong(m.group(1));
        if (limits.uninstalled(id)) {
            return notFound(); // GET /app/installations/{id} and its access_tokens: 404 once uninstalled
        }
        if (m.group(2) == null) {
            return json(200, Map.of("id", id, "app_id", APP_ID, "account", user("acme", 1),
                    "access_tokens_url", apiUrl() + "/app/installations/" + id + "/access_tokens",
                    "repository_selection", "all", "permissions", Map.of("checks", "write")));
        }
        String token = "ghs_fake" + ids.incrementAndGet();
        Instant expires = clock.instant().plus(tokenLifetime);
        tokens.put(token, expires);
        tokenInstallation.put(token, id);
        return json(201, Map.of("token", token, "expires_at", expires.toString(),
                "permissions", Map.of("checks", "write", "contents", "read", "pull_requests", "write"),
                "repository_selection", "all"));
    }

    private boolean validJwt(String auth) {
        if (auth == null || !auth.startsWith("Bearer ")) {
            return false;
        }
        try {
            // Expiry is judged by the fake's clock, which tests may move.
            Claims c = Jwts.parser().verifyWith(appKey.getPublic()).clock(() -> java.util.Date.from(clock.instant())).build()
                    .parseSignedClaims(auth.substring(7)).getPayload();
            return Long.toString(APP_ID).equals(c.getIssuer());
        } catch (JwtException e) {
            return false;
        }
    }

    private boolean validToken(String token) {
        Instant exp = tokens.get(token);
        return exp != null && clock.instant().isBefore(exp);
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * The App object GitHub shows for the App whose bot user is {@code botLogin} ({@code GET /app}, and a
     * comment's {@code performed_via_github_app}): ours for {@code shadowbot[bot]}, another App otherwise.
     */
    static Map<String, Object> appJson(String botLogin) {
        String slug = botLogin.replace("[bot]", "");
        boolean ours = botLogin.equals(FakeGitHubRoutes.BOT_LOGIN);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("id", ours ? APP_ID : 9000 + Math.abs(slug.hashCode() % 1000));
        app.put("slug", slug);
        app.put("node_id", "A_" + slug);
        app.put("name", slug);
        app.put("owner", user("acme", 1));
        app.put("html_url", "https://github.com/apps/" + slug);
        app.put("created_at", "2026-01-01T00:00:00Z");
        app.put("updated_at", "2026-01-01T00:00:00Z");
        app.put("permissions", Map.of("checks", "write", "contents", "read", "issues", "write",
                "pull_requests", "write", "metadata", "read"));
        app.put("events", List.of("pull_request", "issue_comment", "pull_request_review"));
        return app;
    }

    static Map<String, Object> user(String login, long id) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("login", login);
        u.put("id", id);
        u.put("type", login.endsWith("[bot]") ? "Bot" : "User");
        u.put("url", "https://api.github.com/users/" + login);
        u.put("html_url", "https://github.com/" + login);
        return u;
    }

    static MockResponse json(int code, Object body) {
        try {
            return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                    .body(JSON.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static MockResponse notFound() {
        return json(404, Map.of("message", "Not Found", "documentation_url", "https://docs.github.com/rest"));
    }

    static List<Object> list(List<?> items) {
        return new ArrayList<>(items);
    }

    @Override
    public void close() {
        server.close();
    }
}
