package dev.shadowbot.bot.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.bot.inbox.PermanentFailure;
import java.io.IOException;
import java.util.Set;

/**
 * The fields of a {@code pull_request} webhook the bot uses. Everything else about the PR is read
 * fresh from the API, so events handled late or out of order still act on the PR's current state; the
 * head sha and {@code updated_at} of the payload guard against an API read that still shows the old head.
 */
public record PullRequestEvent(String action, int number, String repo, long installationId, boolean baseChanged,
                               String headSha, java.time.Instant updatedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIONS = Set.of("opened", "synchronize", "reopened", "edited", "closed");

    public static PullRequestEvent parse(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new PermanentFailure("the pull_request payload is not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        JsonNode pr = root.path("pull_request");
        String repo = root.path("repository").path("full_name").asText("");
        int number = root.path("number").asInt(pr.path("number").asInt(0));
        if (repo.isEmpty() || number <= 0) {
            throw new PermanentFailure("the pull_request payload has no repository.full_name or number", null);
        }
        java.time.Instant updated = null;
        try {
            updated = java.time.Instant.parse(pr.path("updated_at").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            // absent or malformed: the API's view of the PR decides (see PullRequestHandler.headOf)
        }
        return new PullRequestEvent(root.path("action").asText(""), number, repo,
                root.path("installation").path("id").asLong(0), root.path("changes").has("base"),
                pr.path("head").path("sha").asText(""), updated);
    }

    /** opened, synchronize, reopened, closed, and edited only when the base branch changed. */
    public boolean relevant() {
        return ACTIONS.contains(action) && (!action.equals("edited") || baseChanged);
    }
}
