package dev.shadowbot.bot.metrics;

import java.io.IOException;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * A github-api connector that passes every request to the default connector and records the answer's
 * status and {@code X-RateLimit-Remaining} header. Bodies are untouched.
 */
public final class MeteredGitHubConnector implements GitHubConnector {
    private final GitHubConnector inner;
    private final BotMetrics metrics;

    public MeteredGitHubConnector(GitHubConnector inner, BotMetrics metrics) {
        this.inner = inner;
        this.metrics = metrics;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        GitHubConnectorResponse response;
        try {
            response = inner.send(request);
        } catch (IOException e) {
            metrics.githubCall(0, null);
            throw e;
        }
        metrics.githubCall(response.statusCode(), response.header("X-RateLimit-Remaining"));
        return response;
    }
}
