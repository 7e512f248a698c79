package dev.shadowbot.bot.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Webhook payload fixtures (full payloads as GitHub sends them), patched per test. */
public final class Webhooks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Webhooks() {
    }

    public static ObjectNode load(String name) {
        try (InputStream in = Webhooks.class.getResourceAsStream("/webhooks/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /webhooks/" + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pull_request payload for {@code action} on PR {@code number} at {@code headSha}. */
    public static byte[] pullRequest(String fixture, String action, int number, String headSha) {
        ObjectNode p = load(fixture);
        p.put("action", action);
        p.put("number", number);
        ObjectNode pr = (ObjectNode) p.get("pull_request");
        pr.put("number", number);
        ((ObjectNode) pr.get("head")).put("sha", headSha);
        if (p.has("after")) {
            p.put("after", headSha);
        }
        return bytes(p);
    }

    /** An issue_comment (created) on pull request {@code number} by {@code login}. */
    public static byte[] comment(int number, long commentId, String login, String body) {
        ObjectNode p = load("issue_comment.created.json");
        ObjectNode issue = (ObjectNode) p.get("issue");
        issue.put("number", number);
        ((ObjectNode) issue.get("pull_request")).put("url", "https://api.github.com/repos/acme/shop/pulls/" + number);
        ObjectNode c = (ObjectNode) p.get("comment");
        c.put("id", commentId);
        c.put("body", body);
        ((ObjectNode) c.get("user")).put("login", login);
        ((ObjectNode) p.get("sender")).put("login", login);
        return bytes(p);
    }

    /** A pull_request_review (submitted, state commented) with {@code body} on pull request {@code number}. */
    public static byte[] review(int number, String login, String body) {
        return review(number, login, body, "commented");
    }

    /** A submitted review with the given state ({@code approved}, {@code changes_requested}, {@code commented}). */
    public static byte[] review(int number, String login, String body, String state) {
        ObjectNode p = load("pull_request_review.submitted.json");
        ((ObjectNode) p.get("review")).put("state", state);
        ObjectNode pr = (ObjectNode) p.get("pull_request");
        pr.put("number", number);
        pr.put("url", "https://api.github.com/repos/acme/shop/pulls/" + number);
        ObjectNode r = (ObjectNode) p.get("review");
        r.put("body", body);
        ((ObjectNode) r.get("user")).put("login", login);
        ((ObjectNode) p.get("sender")).put("login", login);
        return bytes(p);
    }

    /** A pull_request_review_comment (created, on a diff line) with {@code body} on pull request {@code number}. */
    public static byte[] reviewComment(int number, String login, String body) {
        ObjectNode p = load("pull_request_review_comment.created.json");
        ObjectNode pr = (ObjectNode) p.get("pull_request");
        pr.put("number", number);
        pr.put("url", "https://api.github.com/repos/acme/shop/pulls/" + number);
        ObjectNode c = (ObjectNode) p.get("comment");
        c.put("body", body);
        ((ObjectNode) c.get("user")).put("login", login);
        ((ObjectNode) p.get("sender")).put("login", login);
        return bytes(p);
    }

    public static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
