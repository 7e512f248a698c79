package dev.shadowbot.bot.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.connector.GitHubConnector;

/**
 * One github-api client per App installation, authenticated by an {@code AuthorizationProvider} that
 * asks {@link InstallationTokens} on every request, so a refreshed token is used without rebuilding.
 * Rate limits fail fast and are remembered per installation ({@link RateLimits}).
 */
public final class GitHubClients {
    private final String apiUrl;
    private final InstallationTokens tokens;
    private final GitHubConnector connector;
    private final AppIdentity identity;
    private final Redactor redactor;
    private final RateLimits limits;
    private final Map<Long, GitHub> clients = new ConcurrentHashMap<>();

    public GitHubClients(String apiUrl, InstallationTokens tokens, AppIdentity identity, Redactor redactor) {
        this(apiUrl, tokens, GitHubConnector.DEFAULT, identity, redactor, new RateLimits(java.time.Clock.systemUTC()));
    }

    /** With the HTTP connector to use (e.g. a metered one). */
    public GitHubClients(String apiUrl, InstallationTokens tokens, GitHubConnector connector, AppIdentity identity,
                         Redactor redactor, RateLimits limits) {
        this.limits = limits;
        this.apiUrl = apiUrl;
        this.tokens = tokens;
        this.connector = connector;
        this.identity = identity;
        this.redactor = redactor;
    }

    /**
     * A 401 means the installation's token is no longer valid (revoked, or the installation was suspended
     * or removed): drop it, so the next call asks for a fresh one instead of failing until it expires.
     */
    private GitHubConnector forgetTokenOn401(GitHubConnector inner, long installationId) {
        return request -> {
            org.kohsuke.github.connector.GitHubConnectorResponse r = inner.send(request);
            if (r.statusCode() == 401) {
                tokens.forget(installationId);
            }
            return r;
        };
    }

    public RateLimits rateLimits() {
        return limits;
    }

    /** The repository API as the given installation. */
    public RepoApi repo(long installationId, String fullName) {
        return new GitHubRepoApi(client(installationId), fullName, identity, redactor);
    }

    private GitHub client(long installationId) {
        return clients.computeIfAbsent(installationId, id -> {
            try {
                // Fail fast on rate limits (github-api would sleep, holding whatever the caller holds).
                return limits.configure(new GitHubBuilder().withEndpoint(apiUrl)
                        .withConnector(limits.gate(forgetTokenOn401(connector, id), id))
                        .withAuthorizationProvider(() -> "token " + tokens.token(id)), id)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
