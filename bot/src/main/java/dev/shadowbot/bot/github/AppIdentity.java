package dev.shadowbot.bot.github;

import java.io.IOException;
import java.util.Locale;
import org.kohsuke.github.GHApp;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;

/**
 * Who the bot is on GitHub, from a verified source: {@code GET /app} authenticated with the App's own
 * JWT answers the App's slug, and the App writes comments as the bot user {@code <slug>[bot]}. A
 * comment's text (a marker, a signature line) proves nothing; its author login does, because GitHub
 * reserves the {@code [bot]} suffix for Apps. Asked once and then cached; a failure is retried with
 * the event that needed it.
 */
public final class AppIdentity {
    private final String apiUrl;
    private final AppJwt jwt;
    private volatile String login;

    public AppIdentity(String apiUrl, AppJwt jwt) {
        this.apiUrl = apiUrl;
        this.jwt = jwt;
    }

    /** The login the App comments as, {@code <slug>[bot]}. */
    public String botLogin() throws IOException {
        String l = login;
        if (l == null) {
            synchronized (this) {
                if (login == null) {
                    GHApp app = new GitHubBuilder().withEndpoint(apiUrl).withJwtToken(jwt.create())
                            .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                            .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL).build().getApp();
                    if (app.getId() != jwt.appId()) {
                        throw new IOException("GET /app answered App " + app.getId() + ", not the configured App "
                                + jwt.appId());
                    }
                    login = app.getSlug() + "[bot]";
                }
                l = login;
            }
        }
        return l;
    }

    /** Whether a comment's author is this App (GitHub logins are case-insensitive). */
    public boolean wrote(String author) throws IOException {
        return author != null && author.toLowerCase(Locale.ROOT).equals(botLogin().toLowerCase(Locale.ROOT));
    }
}
