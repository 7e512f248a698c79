package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.config.ConfigLoader;
import dev.shadowbot.engine.config.ShadowbotConfig;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.JdbcLiveData;
import dev.shadowbot.engine.lint.LintReport;
import dev.shadowbot.engine.lint.Linter;
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

/** Load, plan and lint a schema folder: the shared first half of {@code plan} and {@code deploy}. */
final class Planning {
    private Planning() {
    }

    /** The repository config: {@code --config FILE}, else {@code .github/shadowbot.yml} when present. */
    static ShadowbotConfig config(Path explicit) {
        if (explicit != null && !Files.exists(explicit)) {
            throw ShadowbotException.badInput("config file " + explicit + " does not exist",
                    "pass an existing file to --config, or leave it out to use .github/shadowbot.yml");
        }
        return ConfigLoader.load(explicit != null ? explicit : Path.of(ShadowbotConfig.DEFAULT_PATH));
    }

    /** Loads the folder; problems are printed at file:line:column and end the command (exit 2). */
    static SchemaSource load(Path schemaDir, PrintWriter err) {
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
        return source;
    }

    /** Plans against {@code url} and lints, with live data unless the target is a throw-away embedded server. */
    static PlanReport planAndLint(SchemaSource source, Path schemaDir, DatabaseUrl url, boolean embedded,
                                  ShadowbotConfig cfg, boolean allowDataLoss) {
        Plan plan = Planner.plan(source, url);
        Linter linter = new Linter(cfg.lint());
        var texts = Linter.fileTexts(schemaDir, source);
        if (embedded) {
            return new PlanReport(plan, linter.lint(plan, source, texts, Optional.empty(), allowDataLoss), true);
        }
        try (Connection c = Connections.open(url)) {
            LintReport lint = linter.lint(plan, source, texts, Optional.of(new JdbcLiveData(c, plan.database())),
                    allowDataLoss);
            return new PlanReport(plan, lint, false);
        } catch (SQLException e) {
            throw ShadowbotException.database("lint could not read the live data: " + e.getMessage(),
                    "check the user's SELECT privileges", e);
        }
    }

    /** Refuses (exit 1) a plan with blocking findings, listing them. */
    static void requireDeployable(PlanReport report, PrintWriter err) {
        if (report.deployable()) {
            return;
        }
        long n = report.lint().findings().stream().filter(Finding::blocks).count();
        for (Finding f : report.lint().findings()) {
            if (f.blocks()) {
                err.println(f.location() + ": " + f.message() + " [" + f.code().id() + "]");
            }
        }
        err.flush();
        throw new ShadowbotException(ErrorCode.BLOCKED, "the plan has " + n + " blocking finding"
                + (n == 1 ? "" : "s") + "; nothing was deployed",
                "fix them (see 'shadowbot plan'), or pass --allow-data-loss when only data-loss findings block");
    }
}
