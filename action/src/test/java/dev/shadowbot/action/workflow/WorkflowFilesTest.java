package dev.shadowbot.action.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowFilesTest {

    @Test
    void annotationsEscapeDataAndProperties() {
        assertEquals("::error file=db/schema/users.sql,line=12,title=drop-column::drops `email`%0Aand data",
                WorkflowCommands.annotation(WorkflowCommands.Level.error, "db/schema/users.sql", 12,
                        "drop-column", "drops `email`\nand data"));
        assertEquals("::warning file=a%2Cb%3Ac.sql,title=x::100%25",
                WorkflowCommands.annotation(WorkflowCommands.Level.warning, "a,b:c.sql", 0, "x", "100%"));
        assertEquals("::notice::plain", WorkflowCommands.annotation(WorkflowCommands.Level.notice, null, 0, null, "plain"));
    }

    @Test
    void outputsUseHeredocsThatSurviveNewlines(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("output");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("deployable", "true");
        values.put("status", "line one\nline=two");
        StepFiles.writeOutputs(out, values);
        Map<String, String> parsed = parseOutputs(Files.readAllLines(out));
        assertEquals(values, parsed);
    }

    @Test
    void summaryAppends(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("summary.md");
        StepFiles.appendSummary(s, "# one");
        StepFiles.appendSummary(s, "# two\n");
        assertEquals("# one\n# two\n", Files.readString(s));
    }

    @Test
    void environmentNeverPrintsTheToken() {
        ActionsEnvironment env = ActionsEnvironment.from(Map.of("GITHUB_ACTIONS", "true", "GITHUB_TOKEN", "ghs_secret"));
        assertTrue(env.inActions());
        assertFalse(env.toString().contains("ghs_secret"));
        assertEquals("https://api.github.com", env.apiUrl());
    }

    @Test
    void readsPullRequestAndCommentEvents(@TempDir Path dir) throws Exception {
        Path pr = dir.resolve("pr.json");
        Files.writeString(pr, "{\"action\":\"closed\",\"pull_request\":{\"number\":12,\"merged\":true,"
                + "\"head\":{\"sha\":\"abc123\"}},\"repository\":{\"full_name\":\"acme/shop\"}}");
        PullRequestEvent e = PullRequestEvent.read(pr).orElseThrow();
        assertEquals(new PullRequestEvent("acme/shop", 12, "abc123", true, "", ""), e);

        Path comment = dir.resolve("comment.json");
        Files.writeString(comment, "{\"action\":\"created\",\"issue\":{\"number\":5,\"pull_request\":{\"url\":\"u\"}},"
                + "\"comment\":{\"body\":\"/revert\",\"user\":{\"login\":\"octocat\"}},"
                + "\"repository\":{\"full_name\":\"acme/shop\"}}");
        PullRequestEvent c = PullRequestEvent.read(comment).orElseThrow();
        assertEquals("/revert", c.commentBody());
        assertEquals("octocat", c.commenter());

        Path push = dir.resolve("push.json");
        Files.writeString(push, "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/shop\"}}");
        assertTrue(PullRequestEvent.read(push).isEmpty());
    }

    /** Parses the runner's heredoc output format, as the runner does. */
    static Map<String, String> parseOutputs(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int h = line.indexOf("<<");
            String name = line.substring(0, h);
            String delim = line.substring(h + 2);
            StringBuilder v = new StringBuilder();
            i++;
            while (!lines.get(i).equals(delim)) {
                if (v.length() > 0) {
                    v.append('\n');
                }
                v.append(lines.get(i));
                i++;
            }
            out.put(name, v.toString());
        }
        return out;
    }
}
