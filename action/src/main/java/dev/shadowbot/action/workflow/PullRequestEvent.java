package dev.shadowbot.action.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.ShadowbotException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pull request a workflow run is about, read from {@code $GITHUB_EVENT_PATH}: a
 * {@code pull_request}/{@code pull_request_target} event, or an {@code issue_comment} on a pull request.
 *
 * @param repository {@code owner/name}
 * @param number     the pull request number
 * @param headSha    the head commit, empty for comment events (their payload does not carry it)
 * @param merged     true for a closed-and-merged pull request event
 * @param commentBody the comment's body for {@code issue_comment} events, else empty
 * @param commenter  the comment's author for {@code issue_comment} events, else empty
 */
public record PullRequestEvent(String repository, int number, String headSha, boolean merged, String commentBody,
                               String commenter) {

    /** Reads the event; empty when the event is not about a pull request. */
    public static Optional<PullRequestEvent> read(Path eventPath) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(eventPath.toFile());
        } catch (IOException e) {
            throw ShadowbotException.badInput("cannot read the workflow event payload " + eventPath + ": "
                    + e.getMessage(), "run this step in a workflow triggered by pull_request or issue_comment");
        }
        String repo = root.path("repository").path("full_name").asText("");
        JsonNode pr = root.path("pull_request");
        if (!pr.isMissingNode()) {
            return Optional.of(new PullRequestEvent(repo, pr.path("number").asInt(),
                    pr.path("head").path("sha").asText(""), pr.path("merged").asBoolean(false), "", ""));
        }
        JsonNode issue = root.path("issue");
        if (!issue.isMissingNode() && !issue.path("pull_request").isMissingNode()) {
            JsonNode comment = root.path("comment");
            return Optional.of(new PullRequestEvent(repo, issue.path("number").asInt(), "", false,
                    comment.path("body").asText(""), comment.path("user").path("login").asText("")));
        }
        return Optional.empty();
    }
}
