package dev.shadowbot.bot.config;

import dev.shadowbot.engine.db.DatabaseUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's settings, read by {@link BotConfigLoader} from {@code --config bot.yml} and environment
 * variables (the environment wins). {@link #toString()} never shows the webhook secret or database
 * passwords; the private key is only ever referenced by its file path.
 *
 * @param port            HTTP port of the webhook server (0 = pick a free one)
 * @param webhookSecret   the GitHub App's webhook secret (HMAC key); never logged
 * @param appId           the GitHub App id
 * @param privateKeyFile  PEM file with the App's private key (PKCS#1 or PKCS#8)
 * @param githubApiUrl    API base URL: https://api.github.com or https://HOST/api/v3 for Enterprise Server
 * @param stateDbUrl      the bot's own state database; empty = embedded MariaDB ("trial mode")
 * @param databases       target databases by name, as {@code .github/shadowbot.yml} refers to them
 * @param bindings        per database name, the repositories (and base branches) that may use it; a
 *                        database without bindings is refused to every repository
 * @param workers         inbox worker threads
 * @param maxAttempts     attempts per inbox event before it is parked
 * @param retryBase       first retry delay; doubles per attempt
 * @param retryMax        cap on the retry delay
 * @param docsUrl         base URL of shadowbot's docs folder, for lint-code links in comments (may be empty)
 */
public record BotConfig(int port, String webhookSecret, long appId, Path privateKeyFile, String githubApiUrl,
                        Optional<DatabaseUrl> stateDbUrl, Map<String, DatabaseUrl> databases,
                        Map<String, List<RepoBinding>> bindings, int workers, int maxAttempts, Duration retryBase,
                        Duration retryMax, String docsUrl) {
    public static final String DEFAULT_API_URL = "https://api.github.com";

    public BotConfig {
        databases = Map.copyOf(databases);
        Map<String, List<RepoBinding>> b = new java.util.LinkedHashMap<>();
        bindings.forEach((name, list) -> b.put(name, List.copyOf(list)));
        bindings = java.util.Collections.unmodifiableMap(b);
    }

    /** The same settings with another port (tests and benchmarks bind to 0). */
    public BotConfig withPort(int newPort) {
        return new BotConfig(newPort, webhookSecret, appId, privateKeyFile, githubApiUrl, stateDbUrl, databases,
                bindings, workers, maxAttempts, retryBase, retryMax, docsUrl);
    }

    @Override
    public String toString() {
        return "BotConfig{port=" + port + ", webhookSecret=" + (webhookSecret.isEmpty() ? "<unset>" : "***")
                + ", appId=" + appId + ", privateKeyFile=" + privateKeyFile + ", githubApiUrl=" + githubApiUrl
                + ", stateDbUrl=" + stateDbUrl.map(DatabaseUrl::toString).orElse("<embedded trial mode>")
                + ", databases=" + databases + ", bindings=" + bindings + ", workers=" + workers
                + ", maxAttempts=" + maxAttempts
                + ", retryBase=" + retryBase + ", retryMax=" + retryMax + ", docsUrl=" + docsUrl + "}";
    }
}
