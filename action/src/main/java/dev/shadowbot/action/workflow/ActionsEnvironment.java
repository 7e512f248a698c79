package dev.shadowbot.action.workflow;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What GitHub Actions tells a step through its environment. Read once from the process environment
 * (or a map, in tests); never logged, because it holds the token.
 *
 * @param inActions   {@code GITHUB_ACTIONS=true}
 * @param stepSummary {@code GITHUB_STEP_SUMMARY}: markdown appended here shows on the run's page
 * @param output      {@code GITHUB_OUTPUT}: step outputs
 * @param eventPath   {@code GITHUB_EVENT_PATH}: the triggering event's JSON payload
 * @param token       {@code GITHUB_TOKEN} (or {@code INPUT_GITHUB-TOKEN}); empty when absent
 * @param apiUrl      {@code GITHUB_API_URL}; Enterprise Server sets its own
 * @param repository  {@code GITHUB_REPOSITORY}, {@code owner/name}
 */
public record ActionsEnvironment(boolean inActions, Optional<Path> stepSummary, Optional<Path> output,
                                 Optional<Path> eventPath, String token, String apiUrl, String repository) {

    public static ActionsEnvironment fromSystem() {
        return from(System.getenv());
    }

    public static ActionsEnvironment from(Map<String, String> env) {
        return new ActionsEnvironment(
                "true".equalsIgnoreCase(env.getOrDefault("GITHUB_ACTIONS", "")),
                path(env, "GITHUB_STEP_SUMMARY"),
                path(env, "GITHUB_OUTPUT"),
                path(env, "GITHUB_EVENT_PATH"),
                firstNonBlank(env.get("GITHUB_TOKEN"), env.get("INPUT_GITHUB-TOKEN")),
                firstNonBlank(env.get("GITHUB_API_URL"), "https://api.github.com"),
                env.getOrDefault("GITHUB_REPOSITORY", ""));
    }

    private static Optional<Path> path(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b == null ? "" : b.trim();
    }

    public boolean hasToken() {
        return !token.isEmpty();
    }

    @Override
    public String toString() {
        return "ActionsEnvironment[inActions=" + inActions + ", repository=" + repository + ", apiUrl=" + apiUrl
                + ", token=" + (hasToken() ? "***" : "none") + "]";
    }
}
