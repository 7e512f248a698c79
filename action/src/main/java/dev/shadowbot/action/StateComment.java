package dev.shadowbot.action;

import dev.shadowbot.action.workflow.ActionsEnvironment;
import dev.shadowbot.action.workflow.CommentSections;
import dev.shadowbot.action.workflow.PullRequestEvent;
import dev.shadowbot.action.workflow.StickyComment;
import dev.shadowbot.action.workflow.WorkflowCommands;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.migration.DeployState;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/**
 * After deploy, cutover, revert, skip-revert or cancel in a workflow about a pull request: the deploy
 * request's new state goes into the state section of the pull request's sticky comment (the plan section
 * stays). Best effort: the command already acted on the database, so a comment that cannot be written
 * is a warning on the run, never a failed step or a different exit code.
 */
final class StateComment {
    private StateComment() {
    }

    static void publish(String command, DeployState state, ShadowbotException refusal, PrintWriter err) {
        Map<String, String> vars = CliEnvironment.current();
        ActionsEnvironment env = ActionsEnvironment.from(vars);
        try {
            Optional<PullRequestEvent> pr = env.eventPath().flatMap(PullRequestEvent::read);
            if (pr.isEmpty()) {
                err.println("shadowbot: --comment: this workflow run is not about a pull request; no comment written");
                return;
            }
            String repo = pr.get().repository().isEmpty() ? env.repository() : pr.get().repository();
            StickyComment.connect(env).upsertSection(repo, pr.get().number(), StickyComment.marker(state.schema()),
                    CommentSections.STATE, body(command, state, refusal, vars));
        } catch (ShadowbotException | IOException e) {
            err.println(WorkflowCommands.annotation(WorkflowCommands.Level.warning, null, 0, "shadowbot comment",
                    "the pull request comment was not updated: " + e.getMessage()));
        } finally {
            err.flush();
        }
    }

    static String body(String command, DeployState state, ShadowbotException refusal, Map<String, String> vars) {
        StringBuilder sb = new StringBuilder("#### `").append(command).append("`");
        if (refusal != null) {
            sb.append(" refused (exit ").append(refusal.code().exitCode()).append(")\n\n")
                    .append(refusal.getMessage()).append("\n\n");
            if (!refusal.nextStep().isEmpty()) {
                sb.append("Next: ").append(refusal.nextStep()).append("\n\n");
            }
        } else {
            sb.append("\n\n");
        }
        sb.append(DeployStateOutput.markdown(state));
        String server = vars.getOrDefault("GITHUB_SERVER_URL", "");
        String run = vars.getOrDefault("GITHUB_RUN_ID", "");
        String repo = vars.getOrDefault("GITHUB_REPOSITORY", "");
        if (!server.isEmpty() && !run.isEmpty() && !repo.isEmpty()) {
            sb.append("\n\n[workflow run](").append(server).append('/').append(repo).append("/actions/runs/")
                    .append(run).append(')');
        }
        return sb.toString();
    }
}
