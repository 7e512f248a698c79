package dev.shadowbot.action.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each example workflow's trigger and job condition, evaluated on GitHub's webhook payloads: it runs for
 * its own event and for no other (a merged-only cutover never runs on a closed, unmerged pull request; a
 * /deploy workflow never on a /revert comment), and its step passes the inputs it should.
 */
class ExampleWorkflowsTest {

    @Test
    void eachExampleRunsOnItsOwnEventOnly(@TempDir Path dir) throws Exception {
        Path synchronize = ActionCheckout.pullRequestEvent(dir, 2);
        Path merged = ActionCheckout.mergedEvent(dir, 2);
        Path closedUnmerged = dir.resolve("closed.json");
        // As GitHub's example sends it: closed with merged false.
        java.nio.file.Files.writeString(closedUnmerged, ActionCheckout.payload("pull_request.closed.payload.json").toString());
        Path deploy = ActionCheckout.commentEvent(dir, 2, "/deploy");
        Path revert = ActionCheckout.commentEvent(dir, 2, "/revert");
        Path onIssue = dir.resolve("issue-comment.json");
        java.nio.file.Files.writeString(onIssue, ActionCheckout.payload("issue_comment.created.payload.json")
                .put("action", "created").toString()); // a comment on a plain issue, not a pull request

        assertTrue(ExampleWorkflow.load("plan.yml").runsOn("pull_request", synchronize));
        assertFalse(ExampleWorkflow.load("plan.yml").runsOn("issue_comment", deploy));

        ExampleWorkflow d = ExampleWorkflow.load("deploy-on-comment.yml");
        assertTrue(d.runsOn("issue_comment", deploy));
        assertFalse(d.runsOn("issue_comment", revert));
        assertFalse(d.runsOn("issue_comment", onIssue), "not on an issue");
        assertEquals("true", d.with(deploy, Map.of()).get("defer-cutover"), "a comment-triggered deploy ends at staged");
        assertEquals("false", d.with(deploy, Map.of()).get("allow-data-loss"));
        assertEquals("true", d.with(ActionCheckout.commentEvent(dir, 2, "/deploy --allow-data-loss"), Map.of())
                .get("allow-data-loss"));

        ExampleWorkflow c = ExampleWorkflow.load("cutover-on-merge.yml");
        assertTrue(c.runsOn("pull_request", merged));
        assertFalse(c.runsOn("pull_request", closedUnmerged), "closed without merging: no cutover");
        assertFalse(c.runsOn("pull_request", synchronize));
        assertEquals("url", c.with(merged, Map.of("SHADOWBOT_DATABASE_URL", "url")).get("database"));

        ExampleWorkflow r = ExampleWorkflow.load("revert-on-comment.yml");
        assertTrue(r.runsOn("issue_comment", revert));
        assertFalse(r.runsOn("issue_comment", deploy));

        assertTrue(ExampleWorkflow.load("status-on-schedule.yml").runsOn("schedule", synchronize));
    }
}
