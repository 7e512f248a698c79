package dev.shadowbot.bot.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One repository (and base branches) allowed to use a target database, from the bot's own settings:
 * {@code owner/name} (pull requests into the repository's default branch), {@code owner/name:branch}
 * (into that branch), {@code owner/name:release/*} (a {@code *} matches any characters) or
 * {@code owner/name:*} (any base branch). The repository is the base repository of a pull request,
 * never its head: a fork cannot name itself into a binding.
 *
 * <p>Base branches matter because policy is read from the base branch: without a branch restriction
 * a pull request could pick an old branch whose {@code .github/shadowbot.yml} asks for fewer approvals.
 *
 * @param repo   {@code owner/name}, compared case-insensitively (GitHub's names are)
 * @param branch base branch pattern; empty = the repository's default branch
 */
public record RepoBinding(String repo, String branch) {
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");
    /** Git refuses these in branch names (git check-ref-format), so they never match a real branch. */
    private static final Pattern BRANCH = Pattern.compile("[^\\s~^:?\\[\\\\]{1,255}");

    /** Parses {@code owner/name[:branch]}; empty when it is not of that form. */
    public static Optional<RepoBinding> parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        String repo = colon < 0 ? t : t.substring(0, colon);
        String branch = colon < 0 ? "" : t.substring(colon + 1);
        if (!REPO.matcher(repo).matches() || (colon >= 0 && !BRANCH.matcher(branch).matches())) {
            return Optional.empty();
        }
        return Optional.of(new RepoBinding(repo, branch));
    }

    /** Whether a pull request of {@code baseRepo} into {@code baseRef} may use the database. */
    public boolean allows(String baseRepo, String baseRef, String defaultBranch) {
        if (!repo.equalsIgnoreCase(baseRepo)) {
            return false;
        }
        if (branch.isEmpty()) {
            return !defaultBranch.isEmpty() && defaultBranch.equals(baseRef);
        }
        return glob(branch).matcher(baseRef).matches();
    }

    private static Pattern glob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            re.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return repo.toLowerCase(Locale.ROOT) + (branch.isEmpty() ? "" : ":" + branch);
    }
}
