package dev.shadowbot.action.workflow;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.report.PlanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reports a plan to GitHub Actions: markdown to the job summary, findings as annotations at the
 * schema file's line, the declared step outputs, and (when asked) the sticky PR comment.
 */
public final class WorkflowReporter {
    private final ActionsEnvironment env;
    private final PrintWriter out;

    public WorkflowReporter(ActionsEnvironment env, PrintWriter out) {
        this.env = env;
        this.out = out;
    }

    /**
     * @param report    the plan and lint
     * @param markdown  the rendered plan (same layout as the bot's comment)
     * @param schemaDir the schema folder as given, so annotations point at repository paths
     * @param comment   post or edit the sticky PR comment
     * @return what happened to the comment, if one was written
     */
    public Optional<StickyComment.Result> report(PlanReport report, String markdown, String schemaDir, boolean comment) {
        try {
            if (env.stepSummary().isPresent()) {
                StepFiles.appendSummary(env.stepSummary().get(), markdown);
            }
            for (Finding f : report.lint().findings()) {
                if (f.isSuppressed()) {
                    continue;
                }
                WorkflowCommands.Level level = switch (f.severity()) {
                    case error -> WorkflowCommands.Level.error;
                    case warning -> WorkflowCommands.Level.warning;
                    default -> WorkflowCommands.Level.notice;
                };
                String file = f.file().isEmpty() ? null : repoPath(schemaDir, f.file());
                out.println(WorkflowCommands.annotation(level, file, f.line(), f.code().id(), f.message()));
            }
            out.flush();
            if (env.output().isPresent()) {
                Map<String, String> o = new LinkedHashMap<>();
                o.put("deployable", String.valueOf(report.deployable()));
                o.put("changes", String.valueOf(report.plan().changes().size()));
                o.put("deploy-request-id", "");
                o.put("status", !report.plan().hasChanges() ? "no-changes" : report.deployable() ? "planned" : "blocked");
                StepFiles.writeOutputs(env.output().get(), o);
            }
        } catch (IOException e) {
            throw new ShadowbotException(ErrorCode.INTERNAL, "cannot write the workflow files: " + e.getMessage(),
                    "check GITHUB_STEP_SUMMARY and GITHUB_OUTPUT", e);
        }
        if (!comment) {
            return Optional.empty();
        }
        Path eventPath = env.eventPath().orElseThrow(() -> ShadowbotException.badInput(
                "comment: true needs the workflow event (GITHUB_EVENT_PATH is not set)",
                "run the step in a workflow triggered by pull_request"));
        PullRequestEvent pr = PullRequestEvent.read(eventPath).orElseThrow(() -> ShadowbotException.badInput(
                "comment: true, but this workflow run is not about a pull request",
                "trigger the workflow on pull_request, or set comment: false"));
        try {
            StickyComment sticky = StickyComment.connect(env);
            return Optional.of(sticky.upsert(pr.repository().isEmpty() ? env.repository() : pr.repository(),
                    pr.number(), StickyComment.marker(report.plan().database()), markdown));
        } catch (IOException e) {
            throw new ShadowbotException(ErrorCode.INTERNAL, "cannot reach GitHub: " + e.getMessage(), "re-run the job", e);
        }
    }

    static String repoPath(String schemaDir, String file) {
        String dir = schemaDir.replaceAll("^\\./", "").replaceAll("/+$", "");
        return dir.isEmpty() || dir.equals(".") ? file : dir + "/" + file;
    }
}
