package dev.shadowbot.action;

import dev.shadowbot.action.workflow.ActionsEnvironment;
import dev.shadowbot.action.workflow.WorkflowReporter;
import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.config.ConfigLoader;
import dev.shadowbot.engine.config.ShadowbotConfig;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.lint.JdbcLiveData;
import dev.shadowbot.engine.lint.LintReport;
import dev.shadowbot.engine.lint.Linter;
import dev.shadowbot.engine.lint.Severity;
import dev.shadowbot.engine.report.PlanMarkdown;
import dev.shadowbot.engine.report.PlanReport;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.SchemaLoader;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.schema.SourceProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
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
        ShadowbotConfig cfg = loadConfig();
        SchemaSource source = SchemaLoader.load(schemaDir);
        if (source.hasProblems()) {
            for (SourceProblem p : source.problems()) {
                err.println(p.render());
            }
            err.flush();
            int n = source.problems().size();
            throw new ShadowbotException(ErrorCode.BAD_INPUT,
                    n + " problem" + (n > 1 ? "s" : "") + " in the schema files under " + schemaDir,
                    "fix the statements at the locations above; only CREATE TABLE statements are accepted");
        }
        PlanReport report;
        try (DatabaseTarget target = DatabaseTarget.resolve(common.database(), "app", err)) {
            Plan plan = Planner.plan(source, target.url());
            Linter linter = new Linter(cfg.lint());
            LintReport lint;
            if (target.isEmbedded()) {
                lint = linter.lint(plan, source, Linter.fileTexts(schemaDir, source), Optional.empty(), allowDataLoss);
            } else {
                try (Connection c = Connections.open(target.url())) {
                    lint = linter.lint(plan, source, Linter.fileTexts(schemaDir, source),
                            Optional.of(new JdbcLiveData(c, plan.database())), allowDataLoss);
                } catch (SQLException e) {
                    throw ShadowbotException.database("lint could not read the live data: " + e.getMessage(),
                            "check the user's SELECT privileges", e);
                }
            }
            report = new PlanReport(plan, lint, target.isEmbedded());
        }
        String markdown = PlanMarkdown.plain().document(report);
        String text = switch (common.format()) {
            case text -> PlanTextRenderer.render(report);
            case markdown -> markdown;
            case json -> PlanJsonRenderer.render(report);
        };
        out.print(text);
        out.flush();
        ActionsEnvironment env = ActionsEnvironment.from(CliEnvironment.current());
        if (env.inActions() || comment) {
            new WorkflowReporter(env, out).report(report, markdown, schemaDir.toString(), comment);
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

    private ShadowbotConfig loadConfig() {
        Path path = config != null ? config : Path.of(ShadowbotConfig.DEFAULT_PATH);
        if (config != null && !Files.exists(config)) {
            throw ShadowbotException.badInput("config file " + config + " does not exist",
                    "pass an existing file to --config, or leave it out to use .github/shadowbot.yml");
        }
        return ConfigLoader.load(path);
    }
}
