package dev.shadowbot.engine.instant;

import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.schema.ColumnModel;
import dev.shadowbot.engine.schema.SchemaReader;
import dev.shadowbot.engine.schema.TableDiffs;
import dev.shadowbot.engine.schema.TableModel;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the server, not a list, whether a deploy request can take the instant path. In a scratch schema on
 * the target server each altered table is copied empty ({@code CREATE TABLE … LIKE}) and the planned ALTER
 * runs with {@code ALGORITHM=INSTANT}, which the server refuses rather than rebuild; then the revert (the
 * diff from the new table back to the old one, renames undone first) runs the same way on a fresh copy and
 * must give back exactly the old table. A table is instant only when both succeed and the change drops no
 * column (an instant drop would take the column's values away from a revert; the copy keeps them in the old
 * table). {@code ALGORITHM=INPLACE} is not tried: its time grows with the rows, so a cutover running it
 * would no longer be bounded.
 */
public final class InstantProbe {
    private static final Logger LOG = LoggerFactory.getLogger(InstantProbe.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String IDENT = "(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))";
    private static final Pattern RENAME = Pattern.compile("(?i)\\bRENAME\\s+COLUMN\\s+" + IDENT + "\\s+TO\\s+" + IDENT);
    private static final Pattern CHANGE = Pattern.compile("(?i)\\bCHANGE\\s+(?:COLUMN\\s+)?" + IDENT + "\\s+" + IDENT);

    /** One altered table: its name and the clauses after {@code ALTER TABLE <name> }. */
    public record Change(String table, String clauses) {
    }

    private InstantProbe() {
    }

    /**
     * Decides the path of a request. {@code drops} are tables the request drops (their quarantine rename
     * belongs to the copy path's RENAME, so such a request is copied).
     */
    public static InstantPlan decide(Connection c, ServerInfo server, String schema, List<Change> changes,
                                     boolean drops, InstantPolicy policy) throws SQLException {
        if (policy == InstantPolicy.NEVER) {
            return new InstantPlan(policy.word(), InstantPlan.COPY, "instant: never", changes.stream()
                    .map(ch -> TableVerdict.copy(ch.table(), ch.clauses(), "instant: never")).toList());
        }
        List<TableVerdict> verdicts = probe(c, server, schema, changes);
        List<TableVerdict> copied = verdicts.stream().filter(v -> !v.instant()).toList();
        String reason;
        String path;
        if (verdicts.isEmpty()) {
            path = InstantPlan.COPY;
            reason = "no table is altered";
        } else if (drops) {
            path = InstantPlan.COPY;
            reason = "the request drops a table, which only the copy path's cutover can restore on revert";
        } else if (!copied.isEmpty()) {
            path = InstantPlan.COPY;
            reason = copied.size() == verdicts.size() ? "the server cannot change " + names(copied) + " in place"
                    : names(copied) + " must be copied, so every table is copied and the cutover stays one atomic swap";
        } else {
            path = InstantPlan.INSTANT;
            reason = "the server changes and reverts every table in place";
        }
        return new InstantPlan(policy.word(), path, reason, verdicts);
    }

    /** The path a plan would take under {@code policy}: what {@code plan} shows before anyone deploys. */
    public static InstantPlan forPlan(Connection c, ServerInfo server, dev.shadowbot.engine.schema.Plan plan,
                                      InstantPolicy policy) throws SQLException {
        List<Change> changes = plan.changes().stream()
                .filter(ch -> ch.kind() == dev.shadowbot.engine.schema.ChangeKind.ALTER)
                .map(ch -> new Change(ch.table(), ch.alterClauses())).toList();
        boolean drops = plan.changes().stream().anyMatch(ch -> ch.kind() == dev.shadowbot.engine.schema.ChangeKind.DROP);
        return decide(c, server, plan.database(), changes, drops, policy);
    }

    private static String names(List<TableVerdict> vs) {
        return vs.stream().map(TableVerdict::table).collect(Collectors.joining(", "));
    }

    /** Probes each table in a scratch schema that is dropped afterwards. */
    static List<TableVerdict> probe(Connection c, ServerInfo server, String schema, List<Change> changes)
            throws SQLException {
        if (changes.isEmpty()) {
            return List.of();
        }
        TableDiffs.prepareSession(c);
        String[] defaults = SchemaReader.schemaDefaults(c, schema);
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        String ws = InstantSql.WORKSPACE_PREFIX + HexFormat.of().formatHex(b);
        boolean binlogOff = exec(c, InstantSql.NO_BINLOG);
        try {
            execOrThrow(c, InstantSql.createDatabase(ws, defaults[0], defaults[1]));
            List<TableVerdict> out = new ArrayList<>();
            for (Change ch : changes) {
                TableVerdict v = probeOne(c, server, schema, ws, ch);
                LOG.info("event=instant_probe schema={} table={} path={} reason=\"{}\"", schema, ch.table(), v.path(),
                        v.reason());
                out.add(v);
            }
            return out;
        } finally {
            exec(c, InstantSql.dropDatabase(ws));
            if (binlogOff) {
                exec(c, InstantSql.BINLOG_ON);
            }
        }
    }

    private static TableVerdict probeOne(Connection c, ServerInfo server, String schema, String ws, Change ch)
            throws SQLException {
        String t = ch.table();
        execOrThrow(c, InstantSql.createLike(ws, t, schema));
        TableModel old = read(c, ws, t);
        try {
            execOrThrow(c, InstantSql.alterInstant(ws, t, ch.clauses()));
        } catch (SQLException e) {
            return TableVerdict.copy(t, ch.clauses(), "the server cannot make this change in place: " + message(e));
        }
        TableModel changed = read(c, ws, t);
        Map<String, String> renames = renames(ch.clauses()); // old name -> new name
        Set<String> renamedFrom = lower(renames.keySet());
        Set<String> renamedTo = lower(renames.values());
        List<String> dropped = old.columns().stream().map(ColumnModel::name)
                .filter(n -> changed.column(n).isEmpty() && !renamedFrom.contains(n.toLowerCase(Locale.ROOT))).toList();
        if (!dropped.isEmpty()) {
            return TableVerdict.copy(t, ch.clauses(), "it drops column" + (dropped.size() > 1 ? "s " : " ")
                    + String.join(", ", dropped) + ": an instant drop would lose the values a revert needs; the copy"
                    + " keeps them in the old table");
        }
        List<String> added = changed.columns().stream().map(ColumnModel::name)
                .filter(n -> old.column(n).isEmpty() && !renamedTo.contains(n.toLowerCase(Locale.ROOT))).toList();
        // The revert: renames undone first, then the differ from there back to the old table.
        List<String> back = new ArrayList<>();
        renames.forEach((from, to) -> back.add(InstantSql.renameColumn(to, from)));
        TableModel base = changed;
        if (!back.isEmpty()) {
            try {
                execOrThrow(c, InstantSql.alter(ws, t, String.join(", ", back)));
            } catch (SQLException e) {
                return TableVerdict.copy(t, ch.clauses(), "its revert cannot undo the renames: " + message(e));
            }
            base = read(c, ws, t);
        }
        Optional<String> rest = TableDiffs.oneAlter(base, old, server);
        if (rest.isEmpty()) {
            return TableVerdict.copy(t, ch.clauses(), "its revert needs more than one ALTER");
        }
        if (!rest.get().isEmpty()) {
            back.add(rest.get());
        }
        String inverse = String.join(", ", back);
        if (inverse.isEmpty()) {
            return TableVerdict.copy(t, ch.clauses(), "the change does not alter the table's structure");
        }
        // Prove the revert on a fresh copy: forward, then inverse, both in place, must give the old table back.
        execOrThrow(c, InstantSql.dropTable(ws, t));
        execOrThrow(c, InstantSql.createLike(ws, t, schema));
        execOrThrow(c, InstantSql.alterInstant(ws, t, ch.clauses()));
        try {
            execOrThrow(c, InstantSql.alterInstant(ws, t, inverse));
        } catch (SQLException e) {
            return TableVerdict.copy(t, ch.clauses(), "the server can make the change in place but not its revert ("
                    + inverse + "): " + message(e));
        }
        TableModel reverted = read(c, ws, t);
        if (!reverted.sameStructure(old)) {
            return TableVerdict.copy(t, ch.clauses(), "its revert (" + inverse + ") does not give the old table back");
        }
        execOrThrow(c, InstantSql.dropTable(ws, t));
        String why = "ALGORITHM=INSTANT for the change and its revert" + (added.isEmpty() ? "" : "; revert drops "
                + String.join(", ", added));
        return new TableVerdict(t, true, why, ch.clauses(), inverse, lines(old), lines(changed), added);
    }

    /** Column renames the clauses name, old name → new name, in order. */
    static Map<String, String> renames(String clauses) {
        Map<String, String> out = new LinkedHashMap<>();
        // Text inside strings and comments (a COMMENT 'rename column a to b') is not a rename.
        String structure = TableDiffs.masked(clauses);
        for (Pattern p : List.of(RENAME, CHANGE)) {
            Matcher m = p.matcher(structure);
            while (m.find()) {
                String from = ident(m.group(1), m.group(2));
                String to = ident(m.group(3), m.group(4));
                if (!from.equalsIgnoreCase(to)) {
                    out.put(from, to);
                }
            }
        }
        return out;
    }

    private static String ident(String quoted, String bare) {
        return quoted != null ? quoted.replace("``", "`") : bare;
    }

    /** The column lines of a table's SHOW CREATE TABLE: what the instant path changes. */
    public static List<String> lines(TableModel m) {
        return m.columns().stream().map(ColumnModel::definition).toList();
    }

    /** The column lines of a live table now, or empty when it does not exist. */
    public static Optional<List<String>> liveLines(Connection c, String schema, String table) throws SQLException {
        TableDiffs.prepareSession(c);
        return find(SchemaReader.read(c, schema), table).map(InstantProbe::lines);
    }

    private static TableModel read(Connection c, String schema, String table) throws SQLException {
        return find(SchemaReader.read(c, schema), table).orElseThrow(() ->
                new SQLException("table " + table + " is missing from " + schema));
    }

    private static Optional<TableModel> find(Map<String, TableModel> tables, String table) {
        TableModel m = tables.get(table);
        if (m != null) {
            return Optional.of(m);
        }
        return tables.values().stream().filter(x -> x.name().equalsIgnoreCase(table)).findFirst();
    }

    private static Set<String> lower(java.util.Collection<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    static String message(SQLException e) {
        String m = e.getMessage() == null ? "error " + e.getErrorCode() : e.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }

    private static void execOrThrow(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static boolean exec(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
