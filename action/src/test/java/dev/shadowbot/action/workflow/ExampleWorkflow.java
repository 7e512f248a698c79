package dev.shadowbot.action.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of the ready workflows in {@code .github/examples/}, read so a test can run what it says: whether its
 * trigger and its job's {@code if:} accept an event, and the {@code with:} inputs its step passes to the
 * action, with {@code ${{ }}} evaluated against that event and the given secrets.
 */
final class ExampleWorkflow {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = ActionCheckout.ROOT.resolve(".github/examples");

    private final String file;
    private final JsonNode workflow;
    private final JsonNode job;
    private final JsonNode step;

    private ExampleWorkflow(String file) throws IOException {
        this.file = file;
        this.workflow = YAML.readTree(EXAMPLES.resolve(file).toFile());
        if (workflow.path("jobs").size() != 1) {
            throw new IllegalArgumentException(file + ": one job expected");
        }
        this.job = workflow.path("jobs").elements().next();
        JsonNode found = null;
        for (JsonNode s : job.path("steps")) {
            if (s.path("uses").asText().matches("shadowbot/shadowbot/action@.+")) {
                found = s;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(file + " never uses the action");
        }
        this.step = found;
    }

    static ExampleWorkflow load(String file) throws IOException {
        return new ExampleWorkflow(file);
    }

    /** True when the workflow's trigger names this event (and its activity type) and its job's {@code if:} holds. */
    boolean runsOn(String eventName, Path payload) throws IOException {
        JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true"); // YAML 1.1 reads `on` as true
        JsonNode trigger = on.path(eventName);
        if (trigger.isMissingNode()) {
            return false;
        }
        JsonNode event = JSON.readTree(payload.toFile());
        JsonNode types = trigger.path("types");
        if (types.isArray() && types.size() > 0) {
            boolean typed = false;
            for (JsonNode t : types) {
                typed |= t.asText().equals(event.path("action").asText());
            }
            if (!typed) {
                return false;
            }
        }
        return expressions(event, Map.of()).condition(job.path("if").asText(null), false);
    }

    /** The step's {@code with:} inputs for this event, secrets filled in. */
    Map<String, String> with(Path payload, Map<String, String> secrets) throws IOException {
        Expressions ex = expressions(JSON.readTree(payload.toFile()), secrets);
        Map<String, String> with = new LinkedHashMap<>();
        step.path("with").fields().forEachRemaining(e -> with.put(e.getKey(), ex.interpolate(e.getValue().asText())));
        return with;
    }

    private Expressions expressions(JsonNode event, Map<String, String> secrets) {
        Map<String, String> github = new HashMap<>();
        flatten("event", event, github);
        return new Expressions(Map.of("github", github, "secrets", secrets));
    }

    /** Leaves become {@code event.a.b}; an object or array itself reads as a non-empty (truthy) value. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject() || node.isArray()) {
            out.put(prefix, node.isEmpty() ? "" : "{object}");
            node.fields().forEachRemaining(e -> flatten(prefix + "." + e.getKey(), e.getValue(), out));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    @Override
    public String toString() {
        return file;
    }
}
