package dev.shadowbot.bot.github;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installation access tokens, one per installation, cached until {@link #REFRESH_BEFORE} ahead of
 * their expiry (GitHub issues them for one hour). Exchanging the App JWT for a token goes through
 * github-api ({@code POST /app/installations/{id}/access_tokens}). Tokens are never logged.
 */
public final class InstallationTokens {
    /** Forgets the installation's token (after GitHub answered 401: uninstalled or suspended). */
    public void forget(long installationId) {
        cache.remove(installationId);
    }

    /** Refresh this long before expiry, so a token never expires in the middle of handling an event. */
    public static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(InstallationTokens.class);

    private final String apiUrl;
    private final AppJwt jwt;
    private final Clock clock;
    private final Map<Long, Token> cache = new ConcurrentHashMap<>();
    private final RateLimits limits;

    public InstallationTokens(String apiUrl, AppJwt jwt, Clock clock) {
        this(apiUrl, jwt, clock, new RateLimits(clock));
    }

    /** Rate limits on the token exchange are recorded for the installation and fail fast, as its calls do. */
    public InstallationTokens(String apiUrl, AppJwt jwt, Clock clock, RateLimits limits) {
        this.limits = limits;
        this.apiUrl = apiUrl;
        this.jwt = jwt;
        this.clock = clock;
    }

    private record Token(String value, Instant expiresAt) {
    }

    /** A valid token for the installation, from the cache or freshly created. */
    public String token(long installationId) throws IOException {
        Token t = cache.get(installationId);
        if (t != null && clock.instant().isBefore(t.expiresAt().minus(REFRESH_BEFORE))) {
            return t.value();
        }
        synchronized (this) {
            t = cache.get(installationId);
            if (t != null && clock.instant().isBefore(t.expiresAt().minus(REFRESH_BEFORE))) {
                return t.value();
            }
            GitHub asApp = limits.configure(new GitHubBuilder().withEndpoint(apiUrl).withJwtToken(jwt.create()),
                    installationId).build();
            GHAppInstallationToken created;
            try {
                created = asApp.getApp().getInstallationById(installationId).createToken().create();
            } catch (org.kohsuke.github.GHFileNotFoundException e) {
                // Not a missing file: callers treat GHFileNotFoundException as "no such file", and a vanished
                // installation must fail the call, never read as an empty repository.
                throw new IOException("GitHub App installation " + installationId + " was not found (uninstalled or"
                        + " suspended?); no token", e);
            }
            Instant expires = created.getExpiresAt() == null
                    ? clock.instant().plus(Duration.ofMinutes(59)) : created.getExpiresAt().toInstant();
            Token fresh = new Token(created.getToken(), expires);
            cache.put(installationId, fresh);
            LOG.info("github=installation_token installation={} expires_at={}", installationId, expires);
            return fresh.value();
        }
    }
}
