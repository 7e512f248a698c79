package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        String schema = target.databaseName().orElseThrow(() -> ShadowbotException.badInput(
                "the database URL " + target + " names no database",
                "add the database name to the URL path, e.g. mysql://user@host:3306/app"));
        try (Connection c = Connections.open(target.withDatabase(""))) {
            return plan(desired, c, schema);
        } catch (SQLException e) {
            throw ShadowbotException.database("planning against " + target + " failed: " + e.getMessage(),
                    "check that the user may create and drop schemas named _shadowbot_ws_* and read information_schema", e);
        }
    }

    /** Plans on an open connection (its session settings are adjusted; see {@link Workspace#prepareSession}). */
    public static Plan plan(SchemaSource desired, Connection connection, String schema) throws SQLException {
        rejectProblems(desired);
        long t0 = System.nanoTime();
        ServerInfo server = ServerInfo.detect(connection);
        Workspace.prepareSession(connection);
        Map<String, TableModel> live = SchemaReader.read(connection, schema);
        String[] defaults = SchemaReader.schemaDefaults(connection, schema);
        long t1 = System.nanoTime();
        Map<String, TableModel> wanted;
        Workspace ws = Workspace.create(connection, defaults[0], defaults[1]);
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
        LOG.info("event=plan schema={} live_tables={} desired_tables={} changes={} read_live_ms={} workspace_create_ms={}"
                        + " workspace_read_ms={} workspace_drop_ms={} diff_ms={}",
                schema, live.size(), wanted.size(), plan.changes().size(), (t1 - t0) / 1_000_000,
                (applied - t1) / 1_000_000, (read - applied) / 1_000_000, (t2 - read) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
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
        TableDiffer differ = new TableDiffer(server);
        List<String> creates = wanted.keySet().stream().filter(n -> !live.containsKey(n)).toList();
        List<String> drops = live.keySet().stream().filter(n -> !wanted.containsKey(n)).toList();
        List<TableChange> createChanges = new ArrayList<>();
        for (String n : DependencyOrder.referencedFirst(creates, wanted)) {
            TableModel t = wanted.get(n);
            TableSource src = desired.table(n).orElse(null);
            createChanges.add(new TableChange(n, ChangeKind.CREATE, List.of(t.createStatement()), "",
                    UnifiedDiff.of(n, "", t.createStatement()), src == null ? null : src.file(),
                    src == null ? 0 : src.line(), List.of(), null, t));
        }
        List<TableChange> alterChanges = new ArrayList<>();
        Map<TableChange, Integer> alterRank = new java.util.HashMap<>();
        for (String n : new TreeMap<>(wanted).keySet()) {
            TableModel from = live.get(n);
            TableModel to = wanted.get(n);
            if (from == null || from.sameStructure(to)) {
                continue;
            }
            TableDiffer.Alter alter = differ.diff(from, to);
            if (alter.isEmpty()) {
                continue;
            }
            String prefix = "ALTER TABLE " + Identifiers.quote(n) + " ";
            List<String> ddl = new ArrayList<>();
            if (!alter.preClauses().isEmpty()) {
                ddl.add(prefix + String.join(", ", alter.preClauses()));
                TableDiffer.Alter rest = new TableDiffer.Alter(List.of(), alter.clauses(), alter.partitionClause(), List.of());
                if (!rest.isEmpty()) {
                    ddl.add(prefix + rest.allClauses());
                }
            } else {
                ddl.add(prefix + alter.allClauses());
            }
            TableSource src = desired.table(n).orElse(null);
            TableChange change = new TableChange(n, ChangeKind.ALTER, ddl, alter.allClauses(),
                    UnifiedDiff.of(n, from.createStatement(), to.createStatement()), src == null ? null : src.file(),
                    src == null ? 0 : src.line(), alter.renameHints(), from, to);
            String all = alter.allClauses();
            alterRank.put(change, all.contains("DROP FOREIGN KEY") ? 0 : all.contains("FOREIGN KEY") ? 2 : 1);
            alterChanges.add(change);
        }
        alterChanges.sort(Comparator.comparingInt(alterRank::get));
        List<TableChange> dropChanges = new ArrayList<>();
        List<String> dropOrder = new ArrayList<>(DependencyOrder.referencedFirst(drops, live));
        java.util.Collections.reverse(dropOrder);
        for (String n : dropOrder) {
            TableModel t = live.get(n);
            dropChanges.add(new TableChange(n, ChangeKind.DROP, List.of("DROP TABLE " + Identifiers.quote(n)), "",
                    UnifiedDiff.of(n, t.createStatement(), ""), null, 0, List.of(), t, null));
        }
        List<TableChange> all = new ArrayList<>(createChanges);
        all.addAll(alterChanges);
        all.addAll(dropChanges);
        return new Plan(schema, all, List.of());
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
