package dev.shadowbot.bot.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.bot.testing.Webhooks;
import org.junit.jupiter.api.Test;

class CommandEventTest {
    @Test
    void readsAPullRequestComment() {
        CommandEvent e = CommandEvent.parse("issue_comment", Webhooks.comment(7, 99, "bob", "/deploy\nplease"));
        assertTrue(e.relevant() && e.onPullRequest());
        assertEquals("acme/shop", e.repo());
        assertEquals("acme/shop", e.targetRepo());
        assertEquals(7, e.number());
        assertEquals(99, e.commentId());
        assertEquals("bob", e.author());
        assertEquals("/deploy\nplease", e.body());
        assertEquals(55501234L, e.installationId());
    }

    @Test
    void aPlainIssueCommentIsNotOnAPullRequest() {
        ObjectNode p = Webhooks.load("issue_comment.created.json");
        ((ObjectNode) p.get("issue")).remove("pull_request");
        assertFalse(CommandEvent.parse("issue_comment", Webhooks.bytes(p)).onPullRequest());
    }

    @Test
    void editedCommentsAreNotCommands() {
        ObjectNode p = Webhooks.load("issue_comment.created.json");
        p.put("action", "edited");
        assertFalse(CommandEvent.parse("issue_comment", Webhooks.bytes(p)).relevant());
    }

    @Test
    void readsAReviewBody() {
        CommandEvent e = CommandEvent.parse("pull_request_review", Webhooks.review(4, "carol", "/plan"));
        assertTrue(e.relevant());
        assertEquals(4, e.number());
        assertEquals(0, e.commentId());
        assertEquals("carol", e.author());
        assertEquals("/plan", e.body());
    }

    @Test
    void readsAReviewCommentOnADiffLine() {
        CommandEvent e = CommandEvent.parse("pull_request_review_comment", Webhooks.reviewComment(6, "dora", "/status"));
        assertTrue(e.relevant() && e.onPullRequest());
        assertEquals(6, e.number());
        assertEquals("acme/shop", e.targetRepo());
        assertEquals("dora", e.author());
        assertEquals("/status", e.body());
    }

    @Test
    void targetRepositoryComesFromTheApiUrl() {
        assertEquals("evil/x", CommandEvent.repoOfApiUrl("https://ghe.example/api/v3/repos/evil/x/pulls/1", "a/b"));
        assertEquals("a/b", CommandEvent.repoOfApiUrl("", "a/b"));
    }
}
