package dev.shadowbot.bot.gate;

import dev.shadowbot.bot.config.RepoBinding;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which target databases a pull request may reach: the bot's settings bind each database to the
 * repositories (and base branches) allowed to use it. A repository's {@code .github/shadowbot.yml}
 * only <em>names</em> databases; a name not bound to the pull request's base repository and base
 * branch resolves to nothing, so nothing is read from that database.
 *
 * <p>The refusal is the same whether the name is unknown to the bot or bound to another repository,
 * so a config cannot be used to probe which databases the bot serves.
 */
public final class DatabaseAccess {
    /** The settings an operator changes to bind a database (named in refusals). */
    public static final String SETTING = "databases.<name>.repositories in bot.yml, or SHADOWBOT_DATABASE_REPOS";

    private final Map<String, DatabaseUrl> urls;
    private final Map<String, List<RepoBinding>> bindings;

    public DatabaseAccess(Map<String, DatabaseUrl> urls, Map<String, List<RepoBinding>> bindings) {
        this.urls = Map.copyOf(urls);
        this.bindings = Map.copyOf(bindings);
    }

    /** The connection for {@code database} when the pull request's base repository and branch may use it. */
    public Optional<DatabaseUrl> forPullRequest(String database, PullRequestInfo pr) {
        DatabaseUrl url = urls.get(database);
        if (url == null || !allowed(database, pr.baseRepo(), pr.baseRef(), pr.defaultBranch())) {
            return Optional.empty();
        }
        return Optional.of(url);
    }

    /** Whether {@code baseRepo} may use {@code database} for pull requests into {@code baseRef}. */
    public boolean allowed(String database, String baseRepo, String baseRef, String defaultBranch) {
        return urls.containsKey(database) && bindings.getOrDefault(database, List.of()).stream()
                .anyMatch(b -> b.allows(baseRepo, baseRef, defaultBranch));
    }

    /** Why {@code database} is refused to the pull request, and which setting binds it (no detail about it). */
    public static String refusal(String database, PullRequestInfo pr) {
        return "database '" + database + "' is not bound to " + pr.baseRepo() + " (base branch " + pr.baseRef()
                + ") on the bot, so nothing was read from it; ask the bot's operator to add " + pr.baseRepo()
                + (pr.baseRef().equals(pr.defaultBranch()) ? "" : ":" + pr.baseRef()) + " to "
                + SETTING.replace("<name>", database);
    }

    /** Every configured database and its connection (the deploy runner drives each). */
    public Map<String, DatabaseUrl> urls() {
        return urls;
    }

    /** Databases bound to no repository at all (their names are logged at start). */
    public List<String> unbound() {
        return urls.keySet().stream().filter(n -> bindings.getOrDefault(n, List.of()).isEmpty()).sorted().toList();
    }
}
