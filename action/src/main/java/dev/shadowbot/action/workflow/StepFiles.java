package dev.shadowbot.action.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;

/** Writes the step summary and step outputs files that GitHub Actions reads after the step. */
public final class StepFiles {
    /** The outputs action.yml declares; the CLI sets each of them (empty when not applicable). */
    public static final java.util.List<String> OUTPUT_NAMES =
            java.util.List.of("deployable", "changes", "deploy-request-id", "status");

    private StepFiles() {
    }

    /** Appends markdown to {@code $GITHUB_STEP_SUMMARY}. */
    public static void appendSummary(Path summary, String markdown) throws IOException {
        Files.writeString(summary, markdown.endsWith("\n") ? markdown : markdown + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Appends outputs to {@code $GITHUB_OUTPUT} in the heredoc form, which is safe for any value
     * (multi-line, {@code =}, quotes): {@code name<<DELIM\nvalue\nDELIM}.
     */
    public static void writeOutputs(Path output, Map<String, String> values) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String value = e.getValue() == null ? "" : e.getValue();
            String delimiter = "shadowbot_" + UUID.randomUUID().toString().replace("-", "");
            sb.append(e.getKey()).append("<<").append(delimiter).append('\n')
                    .append(value).append('\n').append(delimiter).append('\n');
        }
        Files.writeString(output, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
