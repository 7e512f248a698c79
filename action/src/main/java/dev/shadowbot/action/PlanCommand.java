package dev.shadowbot.action;

import dev.shadowbot.action.workflow.ActionsEnvironment;
import dev.shadowbot.action.workflow.WorkflowReporter;
import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.config.ShadowbotConfig;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.lint.LintReport;
import dev.shadowbot.engine.lint.Severity;
import dev.shadowbot.engine.report.PlanMarkdown;
import dev.shadowbot.engine.report.PlanReport;
import dev.shadowbot.engine.schema.SchemaSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shadowbot plan}: diff a schema folder against a database and lint the change. */
@Command(name = "plan", description = "Diff a schema folder against the database and lint the change.",
        mixinStandardHelpOptions = true)
final class PlanCommand implements Callable<Integer> {
    /** Which findings make the command exit 1. */
    enum FailOn { error, warning, never }

    @Mixin
    CommonOptions common;

    @Option(names = "--schema-dir", paramLabel = "DIR", required = true,
            description = "Folder of .sql files with the desired CREATE TABLE statements")
    Path schemaDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Repository config (default: .github/shadowbot.yml when present)")
    Path config;

    @Option(names = "--allow-data-loss", description = "Lift the data-loss errors (drop-table, drop-column, narrowing)")
    boolean allowDataLoss;

    @Option(names = "--workspace-url", paramLabel = "URL", defaultValue = "${env:SHADOWBOT_WORKSPACE_URL}",
            description = "Build the workspace schema (_shadowbot_ws_*) on this server instead of the target's, so the"
                    + " target needs only SELECT (same flavour and version; default: SHADOWBOT_WORKSPACE_URL)")
    String workspaceUrl;

    @Option(names = "--allow-mass-drop",
            description = "Allow a plan that drops most of the live tables (more than half, at least two)")
    boolean allowMassDrop;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error",
            description = "Exit 1 on findings of this severity or worse: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    FailOn failOn = FailOn.error;

    @Option(names = "--comment", description = "In GitHub Actions: post or edit the sticky plan comment on the pull request")
    boolean comment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ShadowbotConfig cfg = Planning.config(config);
        SchemaSource source = Planning.load(schemaDir, err);
        PlanReport report;
        List<String> whyNot = new java.util.ArrayList<>();
        dev.shadowbot.engine.instant.InstantPlan path = null;
        dev.shadowbot.engine.ShadowbotException massDrop = null;
        try (DatabaseTarget target = DatabaseTarget.resolve(common.database(), "app", err)) {
            DatabaseUrl workspace = workspaceUrl == null || workspaceUrl.isBlank() || target.isEmbedded() ? null
                    : DatabaseUrl.parse(workspaceUrl.trim());
            report = Planning.planAndLint(source, schemaDir, target.url(), workspace, target.isEmbedded(), cfg,
                    allowDataLoss, err);
            if (!target.isEmbedded()) {
                // The probe runs in a scratch schema: on the workspace server when one is given (read-only production).
                path = InstantSection.probe(workspace != null ? workspace : target.url(), report.plan(), cfg.instant(),
                        whyNot);
            }
            try {
                Planning.requireNoMassDrop(report, target.url(), target.isEmbedded(), allowMassDrop);
            } catch (dev.shadowbot.engine.ShadowbotException e) {
                massDrop = e; // after the plan is shown
            }
        }
        String markdown = PlanMarkdown.plain().document(report) + InstantSection.markdown(path, whyNot);
        String text = switch (common.format()) {
            case text -> PlanTextRenderer.render(report) + InstantSection.text(path, whyNot);
            case markdown -> markdown;
            case json -> InstantSection.json(PlanJsonRenderer.render(report), path);
        };
        out.print(text);
        out.flush();
        ActionsEnvironment env = ActionsEnvironment.from(CliEnvironment.current());
        if (env.inActions() || comment) {
            new WorkflowReporter(env, out).report(report, markdown, schemaDir.toString(), comment);
        }
        if (massDrop != null) {
            throw massDrop;
        }
        return exitCode(report.lint());
    }

    private int exitCode(LintReport lint) {
        boolean fail = switch (failOn) {
            case error -> !lint.deployable();
            case warning -> !lint.deployable() || lint.count(Severity.warning) > 0;
            case never -> false;
        };
        return fail ? ErrorCode.BLOCKED.exitCode() : 0;
    }

}
