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

    public static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
