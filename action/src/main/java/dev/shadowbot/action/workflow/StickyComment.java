package dev.shadowbot.action.workflow;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.io.IOException;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * One comment per pull request and marker, edited in place on every run: the comment whose body
 * contains the hidden marker is updated, otherwise a new one is created.
 */
public final class StickyComment {
    /** What happened to the comment. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /** Result of an upsert: what happened and the comment's id. */
    public record Result(Outcome outcome, long commentId) {
    }

    private final GitHub github;
    private String self;

    public StickyComment(GitHub github) {
        this.github = github;
    }

    /** Connects with the workflow's token to {@code GITHUB_API_URL} (so Enterprise Server works). */
    public static StickyComment connect(ActionsEnvironment env) throws IOException {
        if (!env.hasToken()) {
            throw ShadowbotException.badInput("comment: true needs a token, but GITHUB_TOKEN is not set",
                    "pass `env: GITHUB_TOKEN: ${{ github.token }}` to the step");
        }
        return new StickyComment(new GitHubBuilder().withEndpoint(env.apiUrl()).withOAuthToken(env.token()).build());
    }

    /**
     * True when {@code login} wrote the comment with this token: the token's user ({@code GET /user}) for a
     * personal token; for the workflow's or an App's installation token, which cannot read {@code /user},
     * a GitHub App bot ({@code …[bot]}: no person's login may contain brackets).
     */
    boolean ours(String login) throws IOException {
        if (self == null) {
            try {
                self = github.getMyself().getLogin();
            } catch (IOException installationToken) {
                self = "";
            }
        }
        return login != null && (self.isEmpty() ? login.endsWith("[bot]") : login.equals(self));
    }

    /** The hidden marker that identifies shadowbot's comment for one database. */
    public static String marker(String database) {
        return "<!-- shadowbot:plan database=" + database.replace("--", "") + " -->";
    }

    /** Creates or edits the sticky comment with {@code body} as its plan section (the state section is kept). */
    public Result upsert(String repository, int number, String marker, String body) {
        return upsertSection(repository, number, marker, CommentSections.PLAN, body);
    }

    /**
     * Creates or edits the sticky comment, setting one of its {@link CommentSections} and keeping the others.
     * Only a comment written by this token's identity counts as the sticky one (see {@link #ours}), so a
     * comment that copies the marker can neither be taken over nor feed its text into ours.
     */
    public Result upsertSection(String repository, int number, String marker, String section, String content) {
        try {
            GHIssue issue = github.getRepository(repository).getIssue(number);
            for (GHIssueComment c : issue.queryComments().list()) {
                if (c.getBody() != null && c.getBody().startsWith(marker) && ours(c.getUserName())) {
                    String full = CommentSections.with(marker, c.getBody(), section, content);
                    if (full.equals(c.getBody())) {
                        return new Result(Outcome.UNCHANGED, c.getId());
                    }
                    c.update(full);
                    return new Result(Outcome.UPDATED, c.getId());
                }
            }
            GHIssueComment created = issue.comment(CommentSections.with(marker, null, section, content));
            return new Result(Outcome.CREATED, created.getId());
        } catch (GHFileNotFoundException e) {
            throw new ShadowbotException(ErrorCode.BAD_INPUT, "pull request " + repository + "#" + number
                    + " was not found, or the token cannot see it", "check the repository and the token's scope", e);
        } catch (HttpException e) {
            if (e.getResponseCode() == 403) {
                throw new ShadowbotException(ErrorCode.BAD_INPUT, "the token may not write comments on "
                        + repository + "#" + number + " (HTTP 403)",
                        "add `permissions: pull-requests: write` to the workflow job", e);
            }
            throw new ShadowbotException(ErrorCode.INTERNAL, "GitHub answered HTTP " + e.getResponseCode()
                    + " while writing the pull request comment", "re-run the job; if it persists, check GitHub's status", e);
        } catch (IOException e) {
            throw new ShadowbotException(ErrorCode.INTERNAL, "cannot reach GitHub to write the pull request comment: "
                    + e.getMessage(), "re-run the job", e);
        }
    }
}
