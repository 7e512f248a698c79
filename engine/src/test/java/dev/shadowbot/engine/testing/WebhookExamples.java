package dev.shadowbot.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * GitHub's own webhook payload examples, as the octokit/webhooks project publishes them in the npm
 * package {@code @octokit/webhooks-examples} (MIT; the same examples as {@code payload-examples/api.github.com}
 * in that repository). Tests patch only the fields a scenario needs and keep every other field as GitHub
 * sends it. The package is fetched by {@link NpmPackage}, never committed here.
 */
public final class WebhookExamples {
    public static final String PACKAGE = "@octokit/webhooks-examples";
    public static final String VERSION = "7.6.1";
    public static final String INTEGRITY =
            "sha512-De6U3XB6O3DtCa7bKgCMzTHdeopqqZ6SNivMYJnK65ierKL1AnNIA0tkRYCRS7lwGT792d+Ps1WbfHlso6MynQ==";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<Example> all;

    private WebhookExamples() {
    }

    /** One example: the event name (the {@code X-GitHub-Event} header), its action (or "") and the payload. */
    public record Example(String event, String action, int index, JsonNode payload) {
        /** A copy of the payload to patch. */
        public ObjectNode copy() {
            return (ObjectNode) payload.deepCopy();
        }

        @Override
        public String toString() {
            return event + (action.isEmpty() ? "" : "." + action) + "#" + index;
        }
    }

    /** Every example for github.com, in the package's order. */
    public static synchronized List<Example> all() {
        if (all == null) {
            Path index = NpmPackage.fetch(PACKAGE, VERSION, INTEGRITY).resolve("api.github.com").resolve("index.json");
            try {
                List<Example> out = new ArrayList<>();
                for (JsonNode event : JSON.readTree(index.toFile())) {
                    int i = 0;
                    for (JsonNode ex : event.path("examples")) {
                        out.add(new Example(event.path("name").asText(), ex.path("action").asText(""), i++, ex));
                    }
                }
                all = List.copyOf(out);
            } catch (IOException e) {
                throw new UncheckedIOException(index + " is not the examples index", e);
            }
        }
        return all;
    }

    /** The examples of one event (and action, or null for any). */
    public static List<Example> of(String event, String action) {
        return all().stream().filter(e -> e.event().equals(event) && (action == null || Objects.equals(e.action(), action)))
                .toList();
    }

    /** A patchable copy of the first example of {@code event}.{@code action}. */
    public static ObjectNode first(String event, String action) {
        List<Example> found = of(event, action);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no example payload for " + event + "." + action + " in " + PACKAGE + "@" + VERSION);
        }
        return found.get(0).copy();
    }
}
