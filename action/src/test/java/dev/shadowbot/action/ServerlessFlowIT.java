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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serverless flow as separate workflow steps would run it: a deploy step stops at staged (and returns:
 * inside Actions a deferred deploy never waits for the merge), a later step (the merge) cuts over without
 * knowing the id, and each sets the step outputs.
 */
@RealDatabase
@Timeout(180)
class ServerlessFlowIT {

    @Test
    void laterStepsFindTheDeployRequestAndSetTheOutputs(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')");
        Files.writeString(dir.resolve("items.sql"),
                "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20), qty INT NOT NULL DEFAULT 0);\n");
        Path output = dir.resolve("output");
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_OUTPUT", output.toString());
        String url = db.url().toString();

        // No --exit-when-staged: inside Actions --defer-cutover implies it, or the job would wait for the merge.
        Run deploy = run(env, "deploy", "--schema-dir", dir.toString(), "--database", url, "--defer-cutover",
                "--revert-window", "0");
        assertEquals(0, deploy.exit(), deploy.err());
        assertTrue(deploy.err().contains("ends the job at staged"), deploy.err());
        assertTrue(deploy.err().contains("binlog_expire_logs_seconds"), "says how long binlogs are kept: " + deploy.err());
        Map<String, String> afterDeploy = WorkflowFilesTestAccess.parseOutputs(Files.readAllLines(output));
        assertEquals("staged", afterDeploy.get("status"));
        String id = afterDeploy.get("deploy-request-id");
        assertTrue(Long.parseLong(id) > 0);

        Files.writeString(output, "");
        Run cutover = run(env, "cutover", "--database", url);
        assertEquals(0, cutover.exit(), cutover.err());
        Map<String, String> afterCutover = WorkflowFilesTestAccess.parseOutputs(Files.readAllLines(output));
        assertEquals(id, afterCutover.get("deploy-request-id"), "found without --id");
        assertEquals("complete", afterCutover.get("status"), "window 0: complete at cutover");
        assertEquals(List.of(List.of("1", "a", "0")), db.query("SELECT id, name, qty FROM items"));

        Run none = run(env, "revert", "--database", url);
        assertEquals(4, none.exit(), "nothing left to revert: " + none.err());
        assertTrue(none.err().contains("no unfinished deploy request"), none.err());
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
