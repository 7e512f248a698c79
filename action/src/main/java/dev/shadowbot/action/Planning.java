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
import dev.shadowbot.engine.schema.MassDrop;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.SchemaLoader;
import dev.shadowbot.engine.schema.SchemaRejectedException;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.schema.SourceProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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
            throw problems(source.problems(), schemaDir, err,
                    "fix the statements at the locations above; only CREATE TABLE statements are accepted");
        }
        if (source.tables().isEmpty()) {
            // Planned, an empty (or wrong) folder would drop every live table.
            throw ShadowbotException.badInput("the schema folder " + schemaDir + " holds no CREATE TABLE statement",
                    "point --schema-dir at the folder of your .sql files with CREATE TABLE statements (write one from the"
                            + " live database with 'shadowbot pull'); nothing was changed");
        }
        return source;
    }

    /**
     * Refuses (exit 1) a plan that drops most of the live tables unless {@code allowed}; the message says
     * how many. An embedded throw-away target is never refused (it holds nothing to lose).
     */
    static void requireNoMassDrop(PlanReport report, DatabaseUrl url, boolean embedded, boolean allowed) {
        if (allowed || embedded) {
            return;
        }
        Optional<String> mass;
        try (Connection c = Connections.open(url)) {
            mass = MassDrop.describe(report.plan(), c);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot count the live tables: " + e.getMessage(),
                    "check the user's privileges on information_schema", e);
        }
        if (mass.isPresent()) {
            throw new ShadowbotException(ErrorCode.BLOCKED, mass.get() + "; nothing was changed",
                    "check that --schema-dir is the complete schema folder of this database; if dropping them is"
                            + " intended, pass --allow-mass-drop (deploy also needs --allow-data-loss)");
        }
    }

    /** Prints each problem at file:line:column on stderr; the exception ends the command (exit 2). */
    private static ShadowbotException problems(List<SourceProblem> problems, Path schemaDir, PrintWriter err,
                                               String next) {
        for (SourceProblem p : problems) {
            err.println(p.render());
        }
        err.flush();
        int n = problems.size();
        return new DetailedRefusal(n + " problem" + (n > 1 ? "s" : "") + " in the schema files under " + schemaDir, next,
                problems);
    }

    /** Plans against {@code url} and lints, with live data unless the target is a throw-away embedded server. */
    static PlanReport planAndLint(SchemaSource source, Path schemaDir, DatabaseUrl url, boolean embedded,
                                  ShadowbotConfig cfg, boolean allowDataLoss) {
        return planAndLint(source, schemaDir, url, embedded, cfg, allowDataLoss, null);
    }

    /**
     * As above; statements the server refuses are printed on {@code err} at file:line:column, every one
     * of them (with {@code err} null, the exception names the first and counts the others).
     */
    static PlanReport planAndLint(SchemaSource source, Path schemaDir, DatabaseUrl url, boolean embedded,
                                  ShadowbotConfig cfg, boolean allowDataLoss, PrintWriter err) {
        return planAndLint(source, schemaDir, url, null, embedded, cfg, allowDataLoss, err);
    }

    /** As above, with the workspace schema on {@code workspace} (null: the target's server). */
    static PlanReport planAndLint(SchemaSource source, Path schemaDir, DatabaseUrl url, DatabaseUrl workspace,
                                  boolean embedded, ShadowbotConfig cfg, boolean allowDataLoss, PrintWriter err) {
        Plan plan;
        try {
            plan = Planner.plan(source, url, workspace);
        } catch (SchemaRejectedException e) {
            if (err == null) {
                throw e;
            }
            throw problems(e.problems(), schemaDir, err, "fix the statements the server refused, at the locations above");
        }
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
        throw new DetailedRefusal(report.lint().findings().stream().filter(Finding::blocks).toList(),
                "the plan has " + n + " blocking finding" + (n == 1 ? "" : "s") + "; nothing was deployed",
                "fix them (see 'shadowbot plan'), or pass --allow-data-loss when only data-loss findings block");
    }
}
