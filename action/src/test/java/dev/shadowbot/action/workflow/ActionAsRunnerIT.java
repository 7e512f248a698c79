package dev.shadowbot.action.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action as GitHub's runner runs it ({@link ActionRunner}): a released version downloaded and verified,
 * then cached; separate jobs and processes for plan → deploy (deferred: the job ends at staged) → cutover
 * (the merge workflow resumes the stream and catches up) → revert, with writers running throughout and
 * every acknowledged write checked at the end; and the cutover refused when the binlogs since staged were
 * purged meanwhile. Each job runs the action step of the example workflow in {@code .github/examples/} for
 * that event (its trigger and {@code if:} must accept the event, its {@code with:} is what runs), so the
 * examples cannot drift from the action. The sticky comment on the pull request is followed through a fake GitHub that serves
 * GitHub's shapes; the events are GitHub's published webhook payloads.
 */
@RealDatabase
@Timeout(600)
class ActionAsRunnerIT {
    private static final String OLD = "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))";
    private static final String NEW = "CREATE TABLE orders (\n  id BIGINT NOT NULL,\n  v VARCHAR(64) NOT NULL,\n  n INT NULL,\n"
            + "  c INT NOT NULL DEFAULT 3,\n  PRIMARY KEY (id)\n);\n";
    private static final String REPO = "Codertocat/Hello-World"; // the payloads' repository
    private static final int PR = 2;

    @Test
    void planDeployToStagedThenASeparateCutoverAndRevertKeepEveryAcknowledgedWrite(TestDb db, @TempDir Path dir)
            throws Exception {
        WriteLoad load = ordersUnderLoad(db);
        try (Job job = new Job(dir); load) {
            ActionRunner.Result plan = job.example("plan.yml", "pull_request", ActionCheckout.pullRequestEvent(dir, PR), db);
            assertEquals(0, plan.exit(), plan.log());
            assertEquals("true", plan.outputs().get("deployable"), plan.log());
            assertEquals("1", plan.outputs().get("changes"));
            assertTrue(plan.summary().contains("shadowbot plan for `" + db.schema() + "`"), plan.summary());
            assertEquals("false", plan.step("cache").stdout().contains("hit") ? "true" : "false", "first job: a cache miss");
            assertTrue(job.downloads.requests.contains("/v0.1.0/shadowbot.jar"), "the release was downloaded: "
                    + job.downloads.requests);
            assertTrue(plan.step("run").stdout().contains("ADD COLUMN"), plan.step("run").stdout());

            load.start();
            ActionRunner.Result deploy = job.deployToStaged(dir, db);
            String id = deploy.outputs().get("deploy-request-id");
            assertEquals("true", deploy.step("cache").stdout().contains("hit") ? "true" : "false", "later jobs hit the cache");
            assertFalse(deploy.step("fetch").ran(), "nothing fetched on a cache hit");
            assertTrue(deploy.step("run").stdout().contains("::notice title=shadowbot staged::")
                    || deploy.step("run").stdout().contains("::warning title=shadowbot staged::"), deploy.log());
            try (MigrationService s = MigrationService.connect(db.serverUrl())) {
                assertEquals("", s.status(Long.parseLong(id)).driver(), "the job ended and left no driver behind");
            }
            assertTrue(job.comment().contains("`deploy`") && job.comment().contains("**staged**"), job.comment());

            Thread.sleep(1500); // writes the stopped stream has not read: the cutover catches up on them
            ActionRunner.Result cutover = job.example("cutover-on-merge.yml", "pull_request",
                    ActionCheckout.mergedEvent(dir, PR), db);
            assertEquals(0, cutover.exit(), cutover.log());
            assertEquals(id, cutover.outputs().get("deploy-request-id"), "found without an id");
            assertEquals("reverse_syncing", cutover.outputs().get("status"), cutover.log());
            assertEquals(List.of(List.of("c")), db.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE"
                    + " TABLE_SCHEMA = '" + db.schema() + "' AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'c'"), "cut over");
            assertTrue(job.comment().contains("`cutover`"), job.comment());

            Thread.sleep(1000); // writes to the new table, which the revert must keep
            ActionRunner.Result revert = job.example("revert-on-comment.yml", "issue_comment",
                    ActionCheckout.commentEvent(dir, PR, "/revert"), db);
            assertEquals(0, revert.exit(), revert.log());
            assertEquals("reverted", revert.outputs().get("status"), revert.log());
            load.stop();
            assertTrue(load.acknowledged() > 0, load.toString());
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(List.of(List.of("id"), List.of("v"), List.of("n")), db.query("SELECT COLUMN_NAME FROM"
                    + " information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + db.schema() + "' AND TABLE_NAME = 'orders'"
                    + " ORDER BY ORDINAL_POSITION"), "the old schema is back");

            assertEquals(1, job.comments.comments.size(), "one sticky comment: " + job.comments.comments);
            String body = job.comment();
            assertTrue(body.contains("shadowbot plan for") && body.contains("`revert`") && body.contains("**reverted**"),
                    "the plan section stays beside the state: " + body);
            System.out.println("[action-as-runner] steps ms: plan " + timings(plan) + " | deploy " + timings(deploy)
                    + " | cutover " + timings(cutover) + " | revert " + timings(revert) + " | " + load);
        }
    }

    @Test
    void aCutoverAfterTheBinlogsWerePurgedIsRefusedOnceWithExitFiveAndChangesNothing(TestDb db, @TempDir Path dir)
            throws Exception {
        WriteLoad load = ordersUnderLoad(db);
        // A staged copy keeps a change stream that needs the binlogs; the instant path has none to lose.
        try (Job job = new Job(dir, "instant: never\n"); load) {
            Map<String, String> base = Map.of("database", db.url().toString());
            load.start();
            String id = job.deployToStaged(dir, db).outputs().get("deploy-request-id");
            Thread.sleep(800);
            load.stop();
            // The binlogs the stopped stream needs are purged before the merge (retention too short).
            String checkpoint = db.query("SELECT binlog_file FROM `_shadowbot`.`deploy_requests` WHERE id = " + id).get(0).get(0);
            db.exec("FLUSH BINARY LOGS");
            String current = db.query("SHOW MASTER STATUS").get(0).get(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // a closing dump thread may hold it
            while (db.query("SHOW BINARY LOGS").stream().anyMatch(r -> r.get(0).equals(checkpoint)) && System.nanoTime() < deadline) {
                db.exec("PURGE BINARY LOGS TO '" + current + "'");
                Thread.sleep(200);
            }
            assertTrue(db.query("SHOW BINARY LOGS").stream().noneMatch(r -> r.get(0).equals(checkpoint)), "purged");
            var liveBefore = load.read("orders");

            ActionRunner.Result cutover = job.example("cutover-on-merge.yml", "pull_request",
                    ActionCheckout.mergedEvent(dir, PR), db);
            ActionRunner.StepRun run = cutover.step("run");
            assertEquals(1, cutover.exit(), "the step fails: " + cutover.log());
            assertEquals(5, run.exit(), "the documented exit code: " + run.stderr());
            List<String> said = run.stderr().lines().filter(l -> l.startsWith("shadowbot: ")).toList();
            assertEquals(1, said.size(), "one message: " + run.stderr());
            assertTrue(said.get(0).contains("cannot resume its change stream"), said.get(0));
            assertTrue(run.stderr().contains("binlog_expire_logs_seconds") && run.stderr().contains("expire_logs_days"),
                    "names the retention settings: " + run.stderr());
            assertTrue(run.stderr().contains("::error title=shadowbot (exit 5)::"), run.stderr());
            assertFalse(run.stderr().contains("\tat "), "no stack trace without --debug: " + run.stderr());
            assertTrue(run.stderr().lines().filter(l -> l.contains("cannot resume")).count() <= 3,
                    "not repeated: " + run.stderr());
            assertTrue(job.comment().contains("`cutover` refused (exit 5)"), job.comment());

            assertEquals(List.of(List.of("staged", "<none>")), db.query("SELECT status, COALESCE(control_request, '<none>')"
                    + " FROM `_shadowbot`.`deploy_requests` WHERE id = " + id), "still staged, no cutover pending");
            assertEquals(liveBefore, load.read("orders"), "the live table is untouched");
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());

            ActionRunner.Result cancel = job.run("issue_comment", ActionCheckout.commentEvent(dir, PR, "/cancel"),
                    with(base, "command", "cancel"));
            assertEquals(0, cancel.exit(), cancel.log());
            assertEquals("cancelled", cancel.outputs().get("status"));
        }
    }

    private static WriteLoad ordersUnderLoad(TestDb db) throws Exception {
        db.exec(OLD);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 2, 100_000);
        load.seed(3000, 30);
        return load;
    }

    private static String timings(ActionRunner.Result r) {
        StringBuilder sb = new StringBuilder();
        for (ActionRunner.StepRun s : r.steps()) {
            sb.append(s.id().isEmpty() ? "setup-java" : s.id()).append('=').append(s.ran() ? s.millis() : "-").append(' ');
        }
        return sb.toString().strip();
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A consumer repository's workspace, a runner with the released action, and the fake GitHub. */
    static final class Job implements AutoCloseable {
        final ActionRunner runner;
        final ActionCheckout.Downloads downloads;
        final FakeIssueComments comments;
        private final MockWebServer github = new MockWebServer();

        Job(Path dir) throws Exception {
            this(dir, null);
        }

        /** With the consumer repository's {@code .github/shadowbot.yml} (null: none, the defaults). */
        Job(Path dir, String config) throws Exception {
            Path workspace = Files.createDirectories(dir.resolve("work/Hello-World/Hello-World"));
            Files.createDirectories(workspace.resolve("db/schema"));
            Files.writeString(workspace.resolve("db/schema/orders.sql"), NEW);
            if (config != null) {
                Files.createDirectories(workspace.resolve(".github"));
                Files.writeString(workspace.resolve(".github/shadowbot.yml"), config);
            }
            Path actionPath = ActionCheckout.layOut(dir.resolve("work"), "shadowbot", "shadowbot", "v0.1.0", "0.1.0");
            runner = new ActionRunner(actionPath, workspace, dir.resolve("runner"));
            downloads = new ActionCheckout.Downloads(ActionCheckout.releaseAssets(dir.resolve("releases"), "0.1.0"));
            github.start();
            comments = new FakeIssueComments(REPO, github.url("/").toString());
            github.setDispatcher(comments);
        }

        /** Runs the action step of an example workflow, as that workflow passes it, for an event it accepts. */
        ActionRunner.Result example(String file, String event, Path payload, TestDb db) throws Exception {
            ExampleWorkflow wf = ExampleWorkflow.load(file);
            assertTrue(wf.runsOn(event, payload), file + " runs on this " + event + " event");
            return run(event, payload, wf.with(payload, Map.of("SHADOWBOT_DATABASE_URL", db.url().toString())));
        }

        /** A writer's {@code /deploy}: the job ends at staged, with the request's id as an output. */
        ActionRunner.Result deployToStaged(Path dir, TestDb db) throws Exception {
            ActionRunner.Result deploy = example("deploy-on-comment.yml", "issue_comment",
                    ActionCheckout.commentEvent(dir, PR, "/deploy"), db);
            assertEquals(0, deploy.exit(), deploy.log());
            assertEquals("staged", deploy.outputs().get("status"), deploy.log());
            assertTrue(Long.parseLong(deploy.outputs().get("deploy-request-id")) > 0, deploy.log());
            return deploy;
        }

        ActionRunner.Result run(String event, Path payload, Map<String, String> with) throws Exception {
            Map<String, String> env = Map.of("GITHUB_EVENT_NAME", event, "GITHUB_REPOSITORY", REPO,
                    "GITHUB_API_URL", github.url("/").toString().replaceAll("/$", ""), "GITHUB_SERVER_URL", "https://github.com",
                    "GITHUB_RUN_ID", "1658821493", "SHADOWBOT_RELEASES_URL", downloads.url());
            return runner.run(with, payload, env, "ghs_workflow_token");
        }

        String comment() {
            return comments.comments.values().stream().findFirst().orElse("(no comment)");
        }

        @Override
        public void close() {
            downloads.close();
            github.close();
        }
    }
}
