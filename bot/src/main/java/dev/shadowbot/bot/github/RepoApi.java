package dev.shadowbot.bot.github;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the bot needs from GitHub for one repository, as an installation. The one implementation goes
 * through github-api ({@link GitHubRepoApi}); tests run it against a fake GitHub server, so this
 * interface exists to keep GitHub types out of the deploy logic, not to be mocked.
 */
public interface RepoApi {
    /** Full name, {@code owner/name}. */
    String fullName();

    /** Text of a file at a commit, or empty when the file does not exist there. */
    Optional<String> file(String path, String ref) throws IOException;

    /**
     * Every file under {@code dir} (recursively) whose name ends in {@code suffix}, at a commit, as
     * path relative to {@code dir} → content. Empty when the folder does not exist.
     */
    Map<String, String> files(String dir, String suffix, String ref) throws IOException;

    PullRequestInfo pullRequest(int number) throws IOException;

    /** Paths the pull request changes (added, modified, removed, renamed — both names). */
    List<String> changedFiles(int number) throws IOException;

    List<CommentInfo> comments(int number) throws IOException;

    /** Creates an issue comment on the PR and returns its id. */
    long createComment(int number, String body) throws IOException;

    /**
     * Edits a comment this App wrote; returns false when it no longer exists or another author wrote it
     * (GitHub would let an installation with <em>Issues: write</em> edit anyone's comment; the bot never does).
     */
    boolean updateComment(int number, long commentId, String body) throws IOException;

    void deleteComment(int number, long commentId) throws IOException;

    /** Adds a reaction ({@code eyes}, {@code +1}, {@code confused}, …) to an issue comment. */
    void react(int number, long commentId, String reaction) throws IOException;

    /** Creates a check run and returns its id. */
    long createCheckRun(CheckRunSpec spec) throws IOException;

    void updateCheckRun(long id, CheckRunSpec spec) throws IOException;

    List<ReviewInfo> reviews(int number) throws IOException;

    /** The user's permission on the repository: {@code admin}, {@code write}, {@code read} or {@code none}. */
    String permission(String login) throws IOException;

    /**
     * Whether the user is a member of the team: {@code slug} (a team of the repository's owner) or
     * {@code org/slug}. False when the team does not exist or is not visible to the App (it needs the
     * organization's <em>Members: read</em> permission).
     */
    boolean inTeam(String login, String team) throws IOException;

    /**
     * A pull request as it is now.
     *
     * @param baseRepo      {@code owner/name} the pull request belongs to (where it merges)
     * @param headRepo      {@code owner/name} its head branch lives in; empty when that repository was deleted
     * @param defaultBranch the base repository's default branch
     * @param updatedAt     when GitHub last changed the pull request (a push moves it); null when unknown
     */
    record PullRequestInfo(int number, String state, boolean merged, String headSha, String baseRef,
                           String author, String title, String htmlUrl, String baseRepo, String headRepo,
                           String defaultBranch, java.time.Instant updatedAt) {
        public PullRequestInfo(int number, String state, boolean merged, String headSha, String baseRef,
                               String author, String title, String htmlUrl, String baseRepo, String headRepo,
                               String defaultBranch) {
            this(number, state, merged, headSha, baseRef, author, title, htmlUrl, baseRepo, headRepo, defaultBranch,
                    null);
        }

        /** The same pull request at another head commit. */
        public PullRequestInfo withHead(String sha, java.time.Instant at) {
            return new PullRequestInfo(number, state, merged, sha, baseRef, author, title, htmlUrl, baseRepo, headRepo,
                    defaultBranch, at);
        }

        public boolean open() {
            return "open".equalsIgnoreCase(state);
        }

        /** The head is in another repository (a fork), or its repository is gone: not pushed by a writer. */
        public boolean fromFork() {
            return headRepo.isEmpty() || !headRepo.equalsIgnoreCase(baseRepo);
        }
    }

    /** An issue comment; {@code byThisApp} when its author is this App's bot user (see {@link AppIdentity}). */
    record CommentInfo(long id, String author, String body, String htmlUrl, boolean byThisApp) {
    }

    /** A review; {@code byApp} when a GitHub App (a {@code [bot]} account) submitted it. */
    record ReviewInfo(long id, String author, String state, String commitId, boolean byApp) {
    }

    /** A check-run annotation; level is {@code notice}, {@code warning} or {@code failure}. */
    record Annotation(String path, int line, String level, String title, String message) {
    }

    /**
     * A check run to create or update. {@code conclusion} is null while in progress; otherwise one of
     * {@code success}, {@code failure}, {@code neutral}, {@code action_required}.
     */
    record CheckRunSpec(String name, String headSha, String conclusion, String title, String summary, String text,
                        String detailsUrl, List<Annotation> annotations, List<CheckAction> actions) {
        public CheckRunSpec {
            annotations = List.copyOf(annotations);
            actions = List.copyOf(actions);
        }

        public CheckRunSpec(String name, String headSha, String conclusion, String title, String summary, String text,
                            String detailsUrl, List<Annotation> annotations) {
            this(name, headSha, conclusion, title, summary, text, detailsUrl, annotations, List.of());
        }

        public CheckRunSpec withActions(List<CheckAction> more) {
            return new CheckRunSpec(name, headSha, conclusion, title, summary, text, detailsUrl, annotations, more);
        }
    }

    /**
     * A button on the check run ({@code requested_action}); GitHub allows three, label ≤ 20, description ≤ 40
     * and identifier ≤ 20 characters. Pressing it sends a {@code check_run} {@code requested_action} webhook.
     */
    record CheckAction(String label, String description, String identifier) {
    }
}
