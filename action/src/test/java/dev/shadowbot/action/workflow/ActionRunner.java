package dev.shadowbot.action.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code action.yml} the way GitHub's runner runs a composite action, one call per job: the action
 * checked out under {@code <work>/_actions/<owner>/<repo>/<ref>/action}, the consumer's workspace in
 * another folder, each {@code run:} step as its own {@code bash --noprofile --norc -e -o pipefail} process
 * in the workspace with a fresh {@code GITHUB_OUTPUT} and {@code GITHUB_STEP_SUMMARY} file,
 * {@code GITHUB_EVENT_PATH}, {@code RUNNER_TEMP} emptied per job, {@code if:} conditions and
 * {@code ${{ }}} expressions evaluated (see {@link Expressions}), and the step outputs feeding the action's
 * outputs. {@code github.action_ref} and {@code github.action_repository} are empty, as the runner leaves
 * them for composite actions. Of the {@code uses:} steps, {@code actions/setup-java} checks its inputs
 * (a Maven cache with no pom.xml in the workspace fails as setup-java fails) and uses this JVM's Java;
 * {@code actions/cache} restores and, after the job, saves a folder by its key in a store that outlives
 * jobs. Any other action fails the run.
 */
public final class ActionRunner {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One step as it ran (or was skipped). */
    public record StepRun(String name, String id, boolean ran, int exit, long millis, String stdout, String stderr,
                          Map<String, String> outputs) {
        StepRun(String name, String id, boolean ran, int exit, long millis, String stdout, String stderr) {
            this(name, id, ran, exit, millis, stdout, stderr, Map.of());
        }
    }

    /** One job's run of the action. */
    public record Result(int exit, Map<String, String> outputs, List<StepRun> steps, String summary) {
        /** Everything the steps printed, stdout then stderr per step. */
        public String log() {
            StringBuilder sb = new StringBuilder();
            for (StepRun s : steps) {
                sb.append("## ").append(s.name()).append(s.ran() ? " (exit " + s.exit() + ", " + s.millis() + " ms)" : " (skipped)")
                        .append('\n').append(s.stdout()).append(s.stderr());
            }
            return sb.toString();
        }

        public StepRun step(String id) {
            return steps.stream().filter(s -> id.equals(s.id())).findFirst().orElseThrow();
        }
    }

    private final Path actionPath;
    private final Path workspace;
    private final Path work;
    private final Path cacheStore;
    private final JsonNode action;
    private int jobs;

    /**
     * @param actionPath the action's folder inside a runner-like checkout of the repository
     * @param workspace  the consumer's workspace (must not contain {@code actionPath})
     * @param work       a folder for runner files (temp, step files, the cache store)
     */
    public ActionRunner(Path actionPath, Path workspace, Path work) throws IOException {
        if (actionPath.toAbsolutePath().startsWith(workspace.toAbsolutePath())) {
            throw new IllegalArgumentException("the action must not live in the workspace");
        }
        this.actionPath = actionPath.toAbsolutePath();
        this.workspace = workspace.toAbsolutePath();
        this.work = Files.createDirectories(work.toAbsolutePath());
        this.cacheStore = Files.createDirectories(this.work.resolve("cache-store"));
        this.action = YAML.readTree(actionPath.resolve("action.yml").toFile());
    }

    /**
     * Runs the action as one job's step {@code uses: owner/repo/action@ref} with {@code with} inputs.
     *
     * @param jobEnv variables the runner sets for the job (event name, repository, API URL, run id…) and
     *               anything the test adds (e.g. {@code SHADOWBOT_RELEASES_URL}); never the token, which only
     *               reaches the step through the {@code github-token} input
     */
    public Result run(Map<String, String> with, Path eventPath, Map<String, String> jobEnv, String token)
            throws IOException, InterruptedException {
        int job = ++jobs;
        Path temp = recreate(work.resolve("temp-" + job));
        Path files = recreate(work.resolve("files-" + job));
        Map<String, String> inputs = inputs(with, token);
        Map<String, String> steps = new HashMap<>();
        Map<String, Map<String, String>> contexts = new HashMap<>();
        contexts.put("inputs", inputs);
        contexts.put("steps", steps);
        contexts.put("runner", Map.of("os", "Linux", "temp", temp.toString()));
        Map<String, String> github = new HashMap<>(Map.of("action_path", actionPath.toString(), "action_ref", "",
                "action_repository", "", "workspace", workspace.toString(), "event_path", eventPath.toString(),
                "token", token));
        contexts.put("github", github);
        Expressions ex = new Expressions(contexts);

        Map<String, String> env = new LinkedHashMap<>(jobEnv);
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + jobEnv.getOrDefault("PATH", "/usr/bin:/bin"));
        env.putIfAbsent("HOME", System.getProperty("user.home"));
        env.put("CI", "true");
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("GITHUB_ACTION_PATH", actionPath.toString());
        env.put("GITHUB_EVENT_PATH", eventPath.toString());
        env.put("RUNNER_TEMP", temp.toString());
        env.put("RUNNER_OS", "Linux");

        List<StepRun> runs = new ArrayList<>();
        List<String[]> cacheSaves = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        boolean failed = false;
        int n = 0;
        for (JsonNode step : (Iterable<JsonNode>) () -> action.path("runs").path("steps").elements()) {
            n++;
            String id = step.path("id").asText("");
            String name = ex.interpolate(step.path("name").asText(step.path("uses").asText("step " + n)));
            if (!ex.condition(step.path("if").asText(null), failed)) {
                runs.add(new StepRun(name, id, false, 0, 0, "", ""));
                continue;
            }
            long started = System.nanoTime();
            StepRun run;
            Map<String, String> outputs = new LinkedHashMap<>();
            if (step.has("uses")) {
                run = uses(step, ex, name, id, outputs, cacheSaves, started);
            } else {
                run = shell(step, ex, name, id, env, files.resolve("step-" + n), outputs, summary, started);
            }
            run = new StepRun(run.name(), run.id(), true, run.exit(), run.millis(), run.stdout(), run.stderr(),
                    Map.copyOf(outputs));
            runs.add(run);
            outputs.forEach((k, v) -> steps.put(id + ".outputs." + k, v));
            if (run.exit() != 0) {
                failed = true;
            }
        }
        for (String[] save : cacheSaves) { // post step of actions/cache: save on a miss, when the path exists
            Path from = Path.of(save[1]);
            Path to = cacheStore.resolve(save[0]);
            if (Files.isDirectory(from) && !Files.exists(to)) {
                copyTree(from, to);
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        action.path("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), ex.interpolate(e.getValue().path("value").asText())));
        return new Result(failed ? 1 : 0, outputs, runs, summary.toString());
    }

    private Map<String, String> inputs(Map<String, String> with, String token) {
        Map<String, String> inputs = new HashMap<>();
        Expressions defaults = new Expressions(Map.of("github", Map.of("token", token)));
        for (String k : with.keySet()) {
            if (!action.path("inputs").has(k)) {
                throw new IllegalArgumentException("Unexpected input '" + k + "': action.yml declares no such input");
            }
        }
        action.path("inputs").fields().forEachRemaining(e -> {
            String value = with.containsKey(e.getKey()) ? with.get(e.getKey())
                    : defaults.interpolate(e.getValue().path("default").asText(""));
            if (e.getValue().path("required").asBoolean(false) && value.isEmpty()) {
                throw new IllegalArgumentException("Input required and not supplied: " + e.getKey());
            }
            inputs.put(e.getKey(), value);
        });
        return inputs;
    }

    private StepRun shell(JsonNode step, Expressions ex, String name, String id, Map<String, String> jobEnv, Path dir,
                          Map<String, String> outputs, StringBuilder summary, long started)
            throws IOException, InterruptedException {
        if (!"bash".equals(step.path("shell").asText())) {
            throw new IllegalArgumentException("step '" + name + "': composite run steps need shell: (this action uses bash)");
        }
        Files.createDirectories(dir);
        Path script = dir.resolve("script.sh");
        Path output = dir.resolve("output");
        Path stepSummary = dir.resolve("summary.md");
        Files.writeString(script, ex.interpolate(step.path("run").asText()));
        Files.writeString(output, "");
        Files.writeString(stepSummary, "");
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script.toString())
                .directory(workspace.toFile()).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(jobEnv);
        step.path("env").fields().forEachRemaining(e -> pb.environment().put(e.getKey(), ex.interpolate(e.getValue().asText())));
        pb.environment().put("GITHUB_OUTPUT", output.toString());
        pb.environment().put("GITHUB_STEP_SUMMARY", stepSummary.toString());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("step '" + name + "' ran for 10 minutes");
        }
        outputs.putAll(parseOutputFile(Files.readAllLines(output, StandardCharsets.UTF_8)));
        summary.append(Files.readString(stepSummary));
        return new StepRun(name, id, true, p.exitValue(), millis(started), Files.readString(dir.resolve("stdout")),
                Files.readString(dir.resolve("stderr")));
    }

    private StepRun uses(JsonNode step, Expressions ex, String name, String id, Map<String, String> outputs,
                         List<String[]> cacheSaves, long started) throws IOException {
        String uses = step.path("uses").asText();
        Map<String, String> with = new LinkedHashMap<>();
        step.path("with").fields().forEachRemaining(e -> with.put(e.getKey(), ex.interpolate(e.getValue().asText())));
        if (uses.startsWith("actions/setup-java@")) {
            if (!"17".equals(with.get("java-version"))) {
                return new StepRun(name, id, true, 1, millis(started), "", "the test runner provides Java 17 only\n");
            }
            if (with.containsKey("cache")) {
                // setup-java looks for cache-dependency-path (default **/pom.xml) inside the workspace only.
                String pattern = with.getOrDefault("cache-dependency-path", "**/pom.xml");
                Path p = workspace.resolve(pattern.replace("**/", "")).normalize();
                boolean found = p.startsWith(workspace) && (pattern.startsWith("**/") ? containsFile(p.getFileName().toString())
                        : Files.exists(p));
                if (!found) {
                    return new StepRun(name, id, true, 1, millis(started), "", "No file in " + workspace
                            + " matched to [" + pattern + "], make sure you have checked out the target repository\n");
                }
            }
            return new StepRun(name, id, true, 0, millis(started), "java " + System.getProperty("java.version") + "\n", "");
        }
        if (uses.startsWith("actions/cache@")) {
            String key = with.getOrDefault("key", "");
            String path = with.getOrDefault("path", "");
            if (key.isEmpty() || path.isEmpty() || key.contains(",")) {
                return new StepRun(name, id, true, 1, millis(started), "", "Input required and not supplied: path/key\n");
            }
            String stored = key.replaceAll("[^A-Za-z0-9._-]", "_");
            Path hit = cacheStore.resolve(stored);
            if (Files.isDirectory(hit)) {
                copyTree(hit, Path.of(path));
                outputs.put("cache-hit", "true");
            } else {
                outputs.put("cache-hit", "false");
                cacheSaves.add(new String[] {stored, path});
            }
            return new StepRun(name, id, true, 0, millis(started), "cache " + (Files.isDirectory(hit) ? "hit" : "miss")
                    + " for key " + key + "\n", "");
        }
        throw new IllegalArgumentException("the test runner does not know the action " + uses);
    }

    private boolean containsFile(String fileName) throws IOException {
        try (var s = Files.walk(workspace)) {
            return s.anyMatch(p -> p.getFileName().toString().equals(fileName));
        }
    }

    /** The runner's file command format: {@code name=value} lines and {@code name<<DELIMITER} heredocs. */
    static Map<String, String> parseOutputFile(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String delimiter = line.substring(heredoc + 2);
                List<String> value = new ArrayList<>();
                while (!lines.get(++i).equals(delimiter)) {
                    value.add(lines.get(i));
                }
                out.put(line.substring(0, heredoc), String.join("\n", value));
            } else if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            } else if (!line.isBlank()) {
                throw new IllegalArgumentException("Invalid format '" + line + "' in GITHUB_OUTPUT");
            }
        }
        return out;
    }

    private static long millis(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static Path recreate(Path dir) throws IOException {
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
