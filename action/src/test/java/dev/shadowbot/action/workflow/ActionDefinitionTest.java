package dev.shadowbot.action.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Validates action.yml, its runner script and the example workflows against each other. */
class ActionDefinitionTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ACTION = MODULE.resolve("action.yml");
    private static final Path SCRIPT = MODULE.resolve("run-action.sh");
    private static final Path EXAMPLES = MODULE.getParent().resolve(".github/examples");
    private static final Path DOC = MODULE.getParent().resolve("docs/github-action.md");
    private static final List<String> COMMANDS = List.of("plan", "deploy", "cutover", "revert", "skip-revert", "cancel",
            "status");

    @Test
    void actionHasRequiredKeysAndIsComposite() throws IOException {
        JsonNode a = YAML.readTree(ACTION.toFile());
        for (String key : List.of("name", "description", "inputs", "outputs", "runs")) {
            assertTrue(a.has(key), "action.yml lacks " + key);
        }
        assertEquals("composite", a.path("runs").path("using").asText());
        a.path("inputs").fields().forEachRemaining(e ->
                assertTrue(e.getValue().has("description"), "input " + e.getKey() + " has no description"));
    }

    @Test
    void everyInputIsUsedAndEveryOutputIsSet() throws IOException {
        JsonNode a = YAML.readTree(ACTION.toFile());
        String runs = YAML.writeValueAsString(a.path("runs"));
        String script = Files.readString(SCRIPT);
        List<String> unused = new ArrayList<>();
        a.path("inputs").fieldNames().forEachRemaining(name -> {
            if (!runs.contains("inputs." + name)) {
                unused.add(name);
            }
        });
        assertEquals(List.of(), unused, "inputs never passed to the step");

        // Every INPUT_* the step sets is read by the script, and the script reads no other.
        Set<String> envSet = new HashSet<>();
        a.path("runs").path("steps").forEach(step -> step.path("env").fieldNames().forEachRemaining(envSet::add));
        Set<String> scriptReads = matches(Pattern.compile("\\$\\{?(INPUT_[A-Z_]+)"), script);
        for (String v : scriptReads) {
            assertTrue(envSet.contains(v), "run-action.sh reads " + v + " that action.yml never sets");
        }
        for (String v : envSet) {
            if (v.startsWith("INPUT_")) {
                assertTrue(scriptReads.contains(v), "action.yml sets " + v + " that run-action.sh never reads");
            }
        }

        Set<String> outputs = new HashSet<>();
        a.path("outputs").fields().forEachRemaining(e -> {
            outputs.add(e.getKey());
            assertEquals("${{ steps.run.outputs." + e.getKey() + " }}", e.getValue().path("value").asText());
        });
        assertEquals(Set.copyOf(StepFiles.OUTPUT_NAMES), outputs, "the CLI writes exactly the declared outputs");
    }

    static Stream<Path> examples() throws IOException {
        return Files.list(EXAMPLES).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleWorkflowsParseAndUseOnlyRealInputsAndOutputs(Path example) throws IOException {
        JsonNode action = YAML.readTree(ACTION.toFile());
        JsonNode wf = YAML.readTree(example.toFile());
        assertTrue(wf.has("jobs"), example + " has no jobs");
        assertTrue(wf.has("on") || wf.has("true"), example + " has no trigger"); // YAML 1.1 reads `on` as true
        int uses = 0;
        for (JsonNode job : iterable(wf.path("jobs"))) {
            Set<String> ourStepIds = new HashSet<>();
            for (JsonNode step : iterable(job.path("steps"))) {
                if (step.path("uses").asText().contains("/action@")) {
                    uses++;
                    if (step.has("id")) {
                        ourStepIds.add(step.path("id").asText());
                    }
                    step.path("with").fieldNames().forEachRemaining(k ->
                            assertTrue(action.path("inputs").has(k), example + " passes unknown input " + k));
                    assertTrue(step.path("with").has("command"), example + " names no command");
                }
            }
            String text = YAML.writeValueAsString(job);
            Matcher m = Pattern.compile("steps\\.([\\w-]+)\\.outputs\\.([\\w-]+)").matcher(text);
            while (m.find()) {
                if (ourStepIds.contains(m.group(1))) {
                    assertTrue(action.path("outputs").has(m.group(2)), example + " reads unknown output " + m.group(2));
                }
            }
        }
        assertTrue(uses > 0, example + " never uses the action");
    }

    @Test
    void thereIsAnExampleForEachDocumentedFlow() throws IOException {
        List<String> names = examples().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("cutover-on-merge.yml", "deploy-on-comment.yml", "plan.yml", "revert-on-comment.yml",
                "status-on-schedule.yml"), names);
        assertFalse(Files.readString(EXAMPLES.resolve("revert-on-comment.yml")).isEmpty());
    }

    @Test
    void everyInputAndOutputIsDocumentedAndTheDocumentsNoOther() throws IOException {
        JsonNode a = YAML.readTree(ACTION.toFile());
        String doc = Files.readString(DOC);
        for (String table : List.of("input", "output")) {
            Set<String> documented = tableKeys(doc, table);
            Set<String> declared = new HashSet<>();
            a.path(table + "s").fieldNames().forEachRemaining(declared::add);
            assertEquals(declared, documented, "docs/github-action.md's " + table + " table and action.yml");
        }
    }

    @Test
    void theCommandValuesAgreeInTheActionTheScriptAndTheDocs() throws IOException {
        JsonNode a = YAML.readTree(ACTION.toFile());
        String description = a.path("inputs").path("command").path("description").asText();
        assertEquals(COMMANDS, List.of(description.replaceFirst("^One of: ", "").split(",\\s*")), description);
        String script = Files.readString(SCRIPT);
        Set<String> handled = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^\\s{2}([a-z|-]+)\\)").matcher(script);
        while (m.find()) {
            handled.addAll(List.of(m.group(1).split("\\|")));
        }
        assertEquals(Set.copyOf(COMMANDS), handled, "run-action.sh handles exactly the documented commands");
        String row = Files.readString(DOC).lines().filter(l -> l.startsWith("| `command` |")).findFirst().orElseThrow();
        for (String c : COMMANDS) {
            assertTrue(row.contains("`" + c + "`"), "docs list " + c + ": " + row);
        }
    }

    @Test
    void noStepReadsTheConsumersWorkspaceForTheActionsOwnFiles() throws IOException {
        String action = Files.readString(ACTION);
        assertFalse(action.contains("hashFiles("), "hashFiles() sees only the consumer's workspace");
        assertFalse(action.contains("cache-dependency-path"), "setup-java's cache reads the consumer's workspace");
        JsonNode a = YAML.readTree(ACTION.toFile());
        for (JsonNode step : iterable(a.path("runs").path("steps"))) {
            if (step.has("run")) {
                assertEquals("bash", step.path("shell").asText(), "composite run steps name their shell: " + step);
            }
            if (step.path("uses").asText().startsWith("actions/setup-java@")) {
                assertFalse(step.path("with").has("cache"), "no setup-java cache: the workspace has no pom.xml of ours");
            }
        }
    }

    /** The first column's `names` of the markdown table whose header starts with {@code | <first> |}. */
    private static Set<String> tableKeys(String doc, String first) {
        Set<String> keys = new HashSet<>();
        boolean in = false;
        for (String line : doc.lines().toList()) {
            if (line.startsWith("| " + first + " |")) {
                in = true;
                continue;
            }
            if (in && !line.startsWith("|")) {
                break;
            }
            Matcher m = Pattern.compile("^\\| `([\\w-]+)` \\|").matcher(line);
            if (in && m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node::elements;
    }

    private static Set<String> matches(Pattern p, String text) {
        Set<String> out = new HashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
