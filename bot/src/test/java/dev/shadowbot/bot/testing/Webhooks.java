package dev.shadowbot.bot.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.engine.testing.WebhookExamples;
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

    /**
     * GitHub's own payload example for {@code event}.{@code action} ({@link WebhookExamples}, fetched from
     * npm, never committed), pointed at {@code acme/shop} and delivered to the App's installation (the
     * examples were captured without one).
     */
    public static ObjectNode github(String event, String action) {
        try {
            ObjectNode p = (ObjectNode) JSON.readTree(JSON.writeValueAsString(WebhookExamples.first(event, action))
                    .replace("Codertocat/Hello-World", "acme/shop"));
            p.putObject("installation").put("id", INSTALLATION).put("node_id", "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The installation id the payloads carry. */
    public static final long INSTALLATION = 55501234;

    /**
     * GitHub's {@code issue_comment} example for {@code action} ({@code edited}, {@code deleted}) on pull
     * request {@code number}: comment {@code commentId} by {@code login}, now reading {@code body};
     * an edit carries the previous text in {@code changes.body.from}, as GitHub sends it.
     */
    public static byte[] issueComment(String action, int number, long commentId, String login, String body,
                                      String previous) {
        ObjectNode p = github("issue_comment", action);
        ObjectNode issue = (ObjectNode) p.get("issue");
        issue.put("number", number);
        ObjectNode pr = issue.putObject("pull_request");
        pr.put("url", "https://api.github.com/repos/acme/shop/pulls/" + number);
        pr.put("html_url", "https://github.com/acme/shop/pull/" + number);
        pr.putNull("merged_at");
        ObjectNode c = (ObjectNode) p.get("comment");
        c.put("id", commentId);
        c.put("body", body);
        ((ObjectNode) c.get("user")).put("login", login);
        ((ObjectNode) p.get("sender")).put("login", login);
        if (p.has("changes")) {
            ((ObjectNode) p.get("changes").get("body")).put("from", previous);
        }
        return bytes(p);
    }

    /** GitHub's {@code pull_request_review_comment} {@code edited} example: a diff-line comment edited to {@code body}. */
    public static byte[] reviewCommentEdited(int number, String login, String body, String previous) {
        ObjectNode p = github("pull_request_review_comment", "edited");
        ((ObjectNode) p.get("changes").get("body")).put("from", previous);
        return reviewComment(p, number, login, body);
    }

    /**
     * GitHub's {@code pull_request} {@code opened} example for a pull request from a fork: {@code head.repo}
     * is {@code forkRepo} ({@code fork: true}, owned by {@code author}), {@code base.repo} is {@code acme/shop}.
     */
    public static byte[] forkPullRequest(String action, int number, String headSha, String forkRepo, String author) {
        ObjectNode p = github("pull_request", "opened");
        p.put("action", action);
        p.put("number", number);
        ObjectNode pr = (ObjectNode) p.get("pull_request");
        pr.put("number", number);
        ((ObjectNode) pr.get("user")).put("login", author);
        ObjectNode head = (ObjectNode) pr.get("head");
        head.put("sha", headSha);
        head.put("label", author + ":changes");
        ((ObjectNode) head.get("user")).put("login", author);
        ObjectNode fork = ((ObjectNode) pr.get("base").get("repo")).deepCopy();
        fork.put("full_name", forkRepo);
        fork.put("name", forkRepo.substring(forkRepo.indexOf('/') + 1));
        fork.put("fork", true);
        ((ObjectNode) fork.get("owner")).put("login", author);
        head.set("repo", fork);
        ((ObjectNode) p.get("sender")).put("login", author);
        return bytes(p);
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

    /** The payload as delivered to another installation for another repository ({@code owner/name}). */
    public static byte[] forInstallation(byte[] payload, long installation, String repo) {
        try {
            ObjectNode p = (ObjectNode) JSON.readTree(new String(payload, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("acme/shop", repo));
            ((ObjectNode) p.get("installation")).put("id", installation);
            return bytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return reviewComment(load("pull_request_review_comment.created.json"), number, login, body);
    }

    private static byte[] reviewComment(ObjectNode p, int number, String login, String body) {
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
