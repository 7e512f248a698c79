package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a schema folder against a database: canonicalises the desired tables in a workspace schema
 * on the target's server, reads the live schema the same way, and diffs the two models. Nothing in
 * the target schema is changed.
 */
public final class Planner {
    private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

    private Planner() {
    }

    /** Plans {@code desired} against the database named in {@code target}. */
    public static Plan plan(SchemaSource desired, DatabaseUrl target) {
        rejectProblems(desired);
        String schema = schemaOf(target);
        try (Connection c = Connections.open(target.withDatabase(""))) {
            return plan(desired, c, schema);
        } catch (SQLException e) {
            throw ShadowbotException.database("planning against " + target + " failed: " + e.getMessage(),
                    "check that the user may create and drop schemas named _shadowbot_ws_* and read information_schema", e);
        }
    }

    /**
     * Plans {@code desired} against the database named in {@code target}, with the workspace schema on
     * another server or account ({@code workspace}; null = the target's server). So planning needs only
     * SELECT on production; CREATE/DROP of {@code _shadowbot_ws_*} is needed on the workspace server alone,
     * which must be the same flavour and version (canonical CREATE TABLE text differs between versions).
     */
    public static Plan plan(SchemaSource desired, DatabaseUrl target, DatabaseUrl workspace) {
        if (workspace == null) {
            return plan(desired, target);
        }
        rejectProblems(desired);
        String schema = schemaOf(target);
        try (Connection c = Connections.open(target.withDatabase(""));
             Connection w = Connections.open(workspace.withDatabase(""))) {
            ServerInfo live = ServerInfo.detect(c);
            ServerInfo ws = ServerInfo.detect(w);
            if (live.flavor() != ws.flavor() || live.major() != ws.major() || live.minor() != ws.minor()) {
                throw ShadowbotException.badInput("the workspace server runs " + ws.displayName() + " but " + target
                        + " runs " + live.displayName(), "use a workspace server of the same flavour and version, since"
                        + " the canonical CREATE TABLE text differs between them; nothing was changed");
            }
            return plan(desired, c, schema, w);
        } catch (SQLException e) {
            throw ShadowbotException.database("planning against " + target + " with the workspace on " + workspace
                    + " failed: " + e.getMessage(), "check that the target user may read information_schema and the"
                    + " workspace user may create and drop schemas named _shadowbot_ws_*", e);
        }
    }

    /** The database a URL names; BAD_INPUT when it names none. */
    static String schemaOf(DatabaseUrl url) {
        return url.databaseName().orElseThrow(() -> ShadowbotException.badInput(
                "the database URL " + url + " names no database",
                "add the database name to the URL path, e.g. mysql://user@host:3306/app"));
    }

    /** Plans on an open connection (its session settings are adjusted; see {@link Workspace#prepareSession}). */
    public static Plan plan(SchemaSource desired, Connection connection, String schema) throws SQLException {
        return plan(desired, connection, schema, connection);
    }

    /** Plans with the live schema read on {@code connection} and the workspace on {@code workspace}. */
    private static Plan plan(SchemaSource desired, Connection connection, String schema, Connection workspace)
            throws SQLException {
        rejectProblems(desired);
        long t0 = System.nanoTime();
        ServerInfo server = ServerInfo.detect(connection);
        Workspace.prepareSession(connection);
        if (workspace != connection) {
            Workspace.prepareSession(workspace);
        }
        Map<String, TableModel> live = SchemaReader.read(connection, schema);
        String[] defaults = SchemaReader.schemaDefaults(connection, schema);
        long t1 = System.nanoTime();
        Map<String, TableModel> wanted;
        Workspace ws = Workspace.create(workspace, defaults[0], defaults[1]);
        long applied;
        long read;
        RuntimeException failed = null;
        try {
            ws.apply(desired.tables());
            applied = System.nanoTime();
            wanted = ws.read();
            read = System.nanoTime();
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        } finally {
            try {
                ws.close();
            } catch (SQLException e) {
                // Never let a failed drop hide why planning failed; report it either way.
                LOG.warn("event=workspace_drop_failed schema={} workspace={} error={}", schema, ws.name(), e.getMessage());
                if (failed != null) {
                    failed.addSuppressed(e);
                } else {
                    throw e;
                }
            }
        }
        long t2 = System.nanoTime();
        Plan plan = diff(schema, desired, live, wanted, server);
        long t3 = System.nanoTime();
        if (OrderCheck.worthChecking(plan, live, wanted)) {
            plan = plan.withOrderProblem(OrderCheck.run(workspace, defaults, plan, live, wanted));
        }
        LOG.info("event=plan schema={} live_tables={} desired_tables={} changes={} read_live_ms={} workspace_create_ms={}"
                        + " workspace_read_ms={} workspace_drop_ms={} diff_ms={} order_check_ms={}",
                schema, live.size(), wanted.size(), plan.changes().size(), (t1 - t0) / 1_000_000,
                (applied - t1) / 1_000_000, (read - applied) / 1_000_000, (t2 - read) / 1_000_000,
                (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
        return plan;
    }

    private static void rejectProblems(SchemaSource desired) {
        if (desired.hasProblems()) {
            SourceProblem first = desired.problems().get(0);
            int more = desired.problems().size() - 1;
            throw new ShadowbotException(ErrorCode.BAD_INPUT,
                    first.render() + (more > 0 ? " (and " + more + " more problem" + (more > 1 ? "s" : "") + ")" : ""),
                    "fix the schema files; only CREATE TABLE statements are accepted");
        }
    }

    /** Diffs two canonical schemas read from the same server. */
    static Plan diff(String schema, SchemaSource desired, Map<String, TableModel> live, Map<String, TableModel> wanted,
                     ServerInfo server) {
        return PlanAssembly.build(schema, desired, live, wanted, server);
    }

    /** A one-line summary, e.g. {@code 2 CREATE, 1 ALTER}. */
    public static String summary(Plan plan) {
        if (!plan.hasChanges()) {
            return "no changes";
        }
        return plan.changes().stream().collect(Collectors.groupingBy(TableChange::kind, TreeMap::new,
                Collectors.counting())).entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
