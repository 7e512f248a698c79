package dev.shadowbot.bot.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.bot.inbox.PermanentFailure;
import dev.shadowbot.bot.testing.Webhooks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PullRequestEventTest {
    @Test
    void readsTheFieldsTheBotUsesFromGitHubsPayload() {
        PullRequestEvent e = PullRequestEvent.parse(Webhooks.bytes(Webhooks.load("pull_request.opened.json")));
        assertEquals(new PullRequestEvent("opened", 12, "acme/shop", 55501234L, false,
                "1f3c9a7e2b8d4c6f0a1e3b5d7c9f2a4b6d8e0c1a", java.time.Instant.parse("2026-11-21T05:58:01Z")), e);
        assertTrue(e.relevant());
    }

    @Test
    void editedCountsOnlyWhenTheBaseBranchChanged() {
        assertTrue(PullRequestEvent.parse(Webhooks.bytes(Webhooks.load("pull_request.edited.json"))).relevant());
        ObjectNode titleOnly = Webhooks.load("pull_request.edited.json");
        titleOnly.putObject("changes").putObject("title").put("from", "old title");
        assertFalse(PullRequestEvent.parse(Webhooks.bytes(titleOnly)).relevant());
    }

    @Test
    void actionsTheBotDoesNotActOnAreNotRelevant() {
        for (String action : new String[] {"labeled", "assigned", "review_requested", "ready_for_review"}) {
            assertFalse(PullRequestEvent.parse(Webhooks.pullRequest("pull_request.opened.json", action, 12,
                    "a".repeat(40))).relevant(), action);
        }
        for (String action : new String[] {"opened", "synchronize", "reopened", "closed"}) {
            assertTrue(PullRequestEvent.parse(Webhooks.pullRequest("pull_request.opened.json", action, 12,
                    "a".repeat(40))).relevant(), action);
        }
    }

    @Test
    void aBrokenPayloadIsAPermanentFailure() {
        assertThrows(PermanentFailure.class, () -> PullRequestEvent.parse("[1,".getBytes(StandardCharsets.UTF_8)));
        assertThrows(PermanentFailure.class, () -> PullRequestEvent.parse("{}".getBytes(StandardCharsets.UTF_8)));
    }
}
