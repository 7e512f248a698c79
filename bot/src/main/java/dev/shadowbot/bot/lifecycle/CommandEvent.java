package dev.shadowbot.bot.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.bot.comment.CheckRunReport;
import dev.shadowbot.bot.inbox.PermanentFailure;
import java.io.IOException;

/**
 * The fields of an {@code issue_comment} ({@code created}), {@code pull_request_review}
 * ({@code submitted}) or {@code pull_request_review_comment} ({@code created}) webhook that can carry
 * a slash command. Who may do what is checked through the
 * API afterwards; the payload only says who wrote which text where.
 *
 * @param kind           {@code issue_comment} or {@code pull_request_review}
 * @param onPullRequest  false for a comment on a plain issue (ignored)
 * @param repo           {@code owner/name} of the repository the event came from
 * @param targetRepo     {@code owner/name} the commented pull request belongs to, per its API URL
 * @param number         pull request number
 * @param installationId the App installation
 * @param commentId      the comment's id (0 for a review: reviews take no reactions)
 * @param author         the comment's or review's author
 * @param body           its text
 * @param reviewState    a review's state ({@code approved}, {@code changes_requested}, …), else empty
 * @param headSha        a check run's commit (its pull request is found by it when the payload lists none)
 */
public record CommandEvent(String kind, boolean relevant, boolean onPullRequest, String repo, String targetRepo,
                           int number, long installationId, long commentId, String author, String body,
                           String reviewState, String headSha) {
    public CommandEvent(String kind, boolean relevant, boolean onPullRequest, String repo, String targetRepo,
                        int number, long installationId, long commentId, String author, String body,
                        String reviewState) {
        this(kind, relevant, onPullRequest, repo, targetRepo, number, installationId, commentId, author, body,
                reviewState, "");
    }

    /** The same event on pull request {@code n}. */
    public CommandEvent onNumber(int n) {
        return new CommandEvent(kind, relevant, onPullRequest, repo, targetRepo, n, installationId, commentId, author,
                body, reviewState, headSha);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static CommandEvent parse(String event, byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new PermanentFailure("the " + event + " payload is not JSON", e);
        }
        String repo = root.path("repository").path("full_name").asText("");
        long installation = root.path("installation").path("id").asLong(0);
        String action = root.path("action").asText("");
        if (event.equals("pull_request_review_comment")) {
            // A comment on a diff line: reactions on it go through another API, so none is added.
            JsonNode comment = root.path("comment");
            JsonNode pr = root.path("pull_request");
            return new CommandEvent(event, action.equals("created"), true, repo,
                    repoOfApiUrl(pr.path("url").asText(""), repo), pr.path("number").asInt(0), installation, 0,
                    comment.path("user").path("login").asText(""), comment.path("body").asText(""), "");
        }
        if (event.equals("check_run")) {
            return checkRun(root, repo, installation, action);
        }
        if (event.equals("check_suite")) {
            // "Re-run all checks": GitHub sends it to the App whose suite it is, i.e. for our check runs.
            JsonNode suite = root.path("check_suite");
            JsonNode pr = suite.path("pull_requests").path(0);
            return new CommandEvent(event, action.equals("rerequested"), true, repo,
                    repoOfApiUrl(pr.path("url").asText(""), repo), pr.path("number").asInt(0), installation, 0,
                    root.path("sender").path("login").asText(""), "/plan", "", suite.path("head_sha").asText(""));
        }
        if (event.equals("pull_request_review")) {
            JsonNode review = root.path("review");
            JsonNode pr = root.path("pull_request");
            return new CommandEvent(event, action.equals("submitted"), true, repo,
                    repoOfApiUrl(pr.path("url").asText(""), repo), pr.path("number").asInt(0), installation, 0,
                    review.path("user").path("login").asText(""), review.path("body").asText(""),
                    review.path("state").asText("").toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode issue = root.path("issue");
        JsonNode comment = root.path("comment");
        return new CommandEvent(event, action.equals("created"), issue.has("pull_request")
                && !issue.path("pull_request").isNull(), repo, repoOfApiUrl(issue.path("repository_url").asText(""), repo),
                issue.path("number").asInt(0), installation, comment.path("id").asLong(0),
                comment.path("user").path("login").asText(""), comment.path("body").asText(""), "");
    }

    /**
     * A press on the bot's check run: "Re-run" ({@code rerequested}) is {@code /plan}; the buttons
     * ({@code requested_action}) are {@code /deploy}, {@code /revert}, {@code /skip-revert}. The presser is
     * the author, so the command goes through the same permission and approval checks as typed text.
     * GitHub sends these only to the App that created the check run; other check runs and unknown
     * buttons are not commands.
     */
    private static CommandEvent checkRun(JsonNode root, String repo, long installation, String action) {
        JsonNode run = root.path("check_run");
        String command = switch (action) {
            case "rerequested" -> "/plan";
            case "requested_action" -> switch (root.path("requested_action").path("identifier").asText("")) {
                case CheckRunReport.DEPLOY -> "/deploy";
                case CheckRunReport.REVERT -> "/revert";
                case CheckRunReport.SKIP_REVERT -> "/skip-revert";
                default -> "";
            };
            default -> "";
        };
        boolean ours = CheckRunReport.NAME.equals(run.path("name").asText(""));
        JsonNode pr = run.path("pull_requests").path(0);
        String sender = root.path("sender").path("login").asText("");
        return new CommandEvent("check_run", ours && !command.isEmpty(), true, repo,
                repoOfApiUrl(pr.path("url").asText(""), repo), pr.path("number").asInt(0), installation, 0, sender,
                command, "", run.path("head_sha").asText(""));
    }

    /** {@code owner/name} from {@code https://HOST/…/repos/owner/name[/…]}; {@code fallback} when absent. */
    static String repoOfApiUrl(String url, String fallback) {
        int i = url.indexOf("/repos/");
        if (i < 0) {
            return fallback;
        }
        String[] parts = url.substring(i + "/repos/".length()).split("/");
        return parts.length < 2 ? fallback : parts[0] + "/" + parts[1];
    }
}
