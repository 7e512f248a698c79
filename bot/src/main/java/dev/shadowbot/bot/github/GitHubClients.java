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
 */
public final class GitHubClients {
    private final String apiUrl;
    private final InstallationTokens tokens;
    private final GitHubConnector connector;
    private final AppIdentity identity;
    private final Redactor redactor;
    private final Map<Long, GitHub> clients = new ConcurrentHashMap<>();

    public GitHubClients(String apiUrl, InstallationTokens tokens, AppIdentity identity, Redactor redactor) {
        this(apiUrl, tokens, GitHubConnector.DEFAULT, identity, redactor);
    }

    /** With the HTTP connector to use (e.g. a metered one). */
    public GitHubClients(String apiUrl, InstallationTokens tokens, GitHubConnector connector, AppIdentity identity,
                         Redactor redactor) {
        this.apiUrl = apiUrl;
        this.tokens = tokens;
        this.connector = connector;
        this.identity = identity;
        this.redactor = redactor;
    }

    /** The repository API as the given installation. */
    public RepoApi repo(long installationId, String fullName) {
        return new GitHubRepoApi(client(installationId), fullName, identity, redactor);
    }

    private GitHub client(long installationId) {
        return clients.computeIfAbsent(installationId, id -> {
            try {
                return new GitHubBuilder().withEndpoint(apiUrl).withConnector(connector)
                        .withAuthorizationProvider(() -> "token " + tokens.token(id))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
