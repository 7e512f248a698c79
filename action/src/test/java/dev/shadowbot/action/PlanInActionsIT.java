package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.action.workflow.WorkflowFilesTestAccess;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadowbot plan} run the way a workflow step runs it: Actions environment variables, an
 * event payload file, summary and output files, and a fake GitHub API for the sticky comment.
 */
@RealDatabase
@Timeout(120)
class PlanInActionsIT {

    @Test
    void writesSummaryAnnotationsOutputsAndEditsOneStickyComment(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100), nick VARCHAR(20))");
        Path schema = Files.createDirectories(dir.resolve("repo/db/schema"));
        Files.writeString(schema.resolve("users.sql"),
                "CREATE TABLE users (\n  id INT PRIMARY KEY,\n  email VARCHAR(100),\n  price FLOAT\n);\n");
        Path summary = dir.resolve("summary.md");
        Path output = dir.resolve("output");
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"action\":\"synchronize\",\"number\":42,\"pull_request\":{\"number\":42,"
                + "\"head\":{\"sha\":\"0123456789abcdef\"}},\"repository\":{\"full_name\":\"acme/shop\"}}");
        try (MockWebServer github = new MockWebServer()) {
            github.start();
            var fake = WorkflowFilesTestAccess.fakeComments("acme/shop", github.url("/").toString());
            github.setDispatcher(fake);
            Map<String, String> env = new HashMap<>(Map.of("GITHUB_ACTIONS", "true",
                    "GITHUB_STEP_SUMMARY", summary.toString(), "GITHUB_OUTPUT", output.toString(),
                    "GITHUB_EVENT_PATH", event.toString(), "GITHUB_TOKEN", "ghs_test",
                    "GITHUB_API_URL", github.url("/").toString(), "GITHUB_REPOSITORY", "acme/shop"));
            String schemaDir = schema.toString();
            Run first = run(env, "plan", "--schema-dir", schemaDir, "--database", db.url().toString(), "--comment",
                    "--format", "markdown");
            assertEquals(1, first.exit(), "drop-column blocks: " + first.err());
            assertTrue(first.out().contains("::error file=" + schemaDir + "/users.sql,line=1,title=drop-column::"),
                    first.out());
            assertTrue(first.out().contains("::warning file=" + schemaDir + "/users.sql,line=4,title=float-type::"),
                    first.out());
            String sum = Files.readString(summary);
            assertTrue(sum.startsWith("### shadowbot plan for `" + db.schema() + "`"), sum);
            assertTrue(sum.contains("| error | `drop-column` |"), sum);
            Map<String, String> outputs = WorkflowFilesTestAccess.parseOutputs(Files.readAllLines(output));
            assertEquals("false", outputs.get("deployable"));
            assertEquals("1", outputs.get("changes"));
            assertEquals("blocked", outputs.get("status"));
            assertEquals(1, WorkflowFilesTestAccess.comments(fake).size());

            // Second push: the data loss is allowed; the same comment is edited, not re-posted.
            Files.writeString(output, "");
            Run second = run(env, "plan", "--schema-dir", schemaDir, "--database", db.url().toString(), "--comment",
                    "--allow-data-loss", "--format", "markdown");
            assertEquals(0, second.exit(), second.err());
            List<String> bodies = List.copyOf(WorkflowFilesTestAccess.comments(fake).values());
            assertEquals(1, bodies.size(), "one sticky comment, edited in place");
            assertTrue(bodies.get(0).contains("Allowed for this deploy request."), bodies.get(0));
            assertEquals("true", WorkflowFilesTestAccess.parseOutputs(Files.readAllLines(output)).get("deployable"));
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Run(exit, out.toString(), err.toString());
    }
}
