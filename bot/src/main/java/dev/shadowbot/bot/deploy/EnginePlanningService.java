package dev.shadowbot.bot.deploy;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.instant.InstantPolicy;
import dev.shadowbot.engine.instant.InstantProbe;
import dev.shadowbot.engine.lint.JdbcLiveData;
import dev.shadowbot.engine.lint.LintReport;
import dev.shadowbot.engine.lint.LintSettings;
import dev.shadowbot.engine.lint.Linter;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.SchemaLoader;
import dev.shadowbot.engine.schema.SchemaRejectedException;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.schema.SourceProblem;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans with the engine: {@code SchemaLoader.fromFiles} → {@code Planner.plan} (canonicalised in a
 * workspace schema on the target's server, nothing in the target changed) → {@code Linter} with live
 * data. Files that do not load, and statements the server refuses, are linted as an empty plan, so
 * their problems become findings at file:line instead of an exception.
 */
public final class EnginePlanningService implements PlanningService {
    private final DatabaseUrl workspace;

    /** Builds the workspace schema on each target's own server. */
    public EnginePlanningService() {
        this(null);
    }

    /**
     * @param workspace where the workspace schema ({@code _shadowbot_ws_*}) is built instead of the target's
     *                  server (same flavour and version), so the bot plans with read-only target credentials;
     *                  null = on the target's server
     */
    public EnginePlanningService(DatabaseUrl workspace) {
        this.workspace = workspace;
    }

    @Override
    public DatabasePlan plan(String database, DatabaseUrl target, Map<String, String> files, LintSettings lint) {
        SchemaSource source = SchemaLoader.fromFiles(files);
        if (source.tables().isEmpty() && !source.hasProblems()) {
            // Planned, a folder without a table would drop every live table: bad input, like the CLI's exit 2.
            source = source.withProblems(List.of(new SourceProblem(files.isEmpty() ? "." : files.keySet().iterator().next(),
                    1, 1, SourceProblem.NO_TABLES, "the schema folder of database " + database
                    + " holds no CREATE TABLE statement; planned, it would drop every table")));
        }
        Linter linter = new Linter(lint);
        if (source.hasProblems()) {
            LintReport report = linter.lint(new Plan(target.database(), List.of(), source.problems()), source, files,
                    Optional.empty(), false);
            return new DatabasePlan(database, List.of(), report.findings(), List.of(), false);
        }
        Plan plan;
        try {
            plan = Planner.plan(source, target, workspace);
        } catch (SchemaRejectedException e) {
            // The server refused statements: each becomes a finding (and an annotation) at its file:line.
            SchemaSource rejected = source.withProblems(e.problems());
            LintReport report = linter.lint(new Plan(target.database(), List.of(), rejected.problems()), rejected, files,
                    Optional.empty(), false);
            return new DatabasePlan(database, List.of(), report.findings(), List.of(), false);
        }
        LintReport report;
        try (Connection c = Connections.open(target)) {
            report = linter.lint(plan, source, files, Optional.of(new JdbcLiveData(c, target.database())), false);
        } catch (SQLException e) {
            throw Connections.connectFailure(target, e);
        }
        return new DatabasePlan(database, plan.changes(), report.findings(), report.revertability(),
                report.deployable());
    }

    @Override
    public DatabasePlan plan(String database, DatabaseUrl target, Map<String, String> files, LintSettings lint,
                             InstantPolicy instant) {
        DatabasePlan p = plan(database, target, files, lint);
        if (p.changes().stream().noneMatch(c -> c.kind() == dev.shadowbot.engine.schema.ChangeKind.ALTER)) {
            return p;
        }
        // The server's answer now, as /deploy will ask it (the probe changes nothing in the target schema).
        try (Connection c = Connections.open(target.withDatabase(""))) {
            Plan plan = new Plan(target.database(), p.changes(), List.of());
            return p.withPath(InstantProbe.forPlan(c, ServerInfo.detect(c), plan, instant).summary());
        } catch (SQLException | RuntimeException e) {
            return p.withPath(List.of("path: not decided yet (the instant probe failed: " + e.getMessage() + ")"));
        }
    }
}
