package dev.shadowbot.engine.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Proves at plan time that the plan's statements run in their order with foreign key checks on: a
 * second workspace gets copies of the live tables the plan touches and their foreign-key neighbours,
 * and the statements run there one by one. The first the server refuses is the plan's
 * {@link Plan.OrderProblem}, so a deploy never stops half-way on a foreign key.
 *
 * <p>Only plans where the order can matter are checked: a foreign key between a table the plan alters
 * or drops and another table, or a cycle among the tables it creates.
 */
final class OrderCheck {
    private OrderCheck() {
    }

    static boolean worthChecking(Plan plan, Map<String, TableModel> live, Map<String, TableModel> wanted) {
        Set<String> changedExisting = new TreeSet<>();
        Set<String> created = new TreeSet<>();
        for (TableChange c : plan.changes()) {
            (c.kind() == ChangeKind.CREATE ? created : changedExisting).add(c.table());
        }
        for (Map<String, TableModel> side : List.of(live, wanted)) {
            for (TableModel t : side.values()) {
                for (ForeignKeyModel fk : t.foreignKeys()) {
                    String r = fk.referencedTable();
                    if (fk.referencedSchema() == null && !r.equals(t.name())
                            && (changedExisting.contains(r) || changedExisting.contains(t.name()))) {
                        return true;
                    }
                }
            }
        }
        return DependencyOrder.hasCycle(List.copyOf(created), wanted);
    }

    /** Runs the plan on copies; returns the first refusal, or null when every statement ran. */
    static Plan.OrderProblem run(Connection connection, String[] defaults, Plan plan, Map<String, TableModel> live,
                                 Map<String, TableModel> wanted) throws SQLException {
        Set<String> copies = tablesToCopy(plan, live, wanted);
        Workspace ws = Workspace.create(connection, defaults[0], defaults[1]);
        try (Statement st = connection.createStatement()) {
            st.execute(WorkspaceSql.FK_CHECKS_OFF);
            try {
                for (String t : copies) {
                    st.execute(live.get(t).createStatement());
                }
            } finally {
                st.execute(WorkspaceSql.FK_CHECKS_ON);
            }
            for (String ddl : plan.allDdl()) {
                try {
                    st.execute(ddl);
                } catch (SQLException e) {
                    return new Plan.OrderProblem(tableOf(plan, ddl), ddl, e.getMessage() == null ? "unknown error"
                            : e.getMessage().trim());
                }
            }
            return null;
        } finally {
            ws.close();
        }
    }

    /**
     * The live tables the plan alters or drops, the live tables on either end of their foreign keys,
     * and the live tables that altered and created tables reference (their statements need them).
     */
    static Set<String> tablesToCopy(Plan plan, Map<String, TableModel> live, Map<String, TableModel> wanted) {
        Set<String> out = new TreeSet<>();
        Set<String> touched = new LinkedHashSet<>();
        for (TableChange c : plan.changes()) {
            if (c.kind() != ChangeKind.CREATE) {
                out.add(c.table());
                touched.add(c.table());
            }
            TableModel desired = wanted.get(c.table());
            if (desired != null) {
                desired.foreignKeys().stream().filter(fk -> fk.referencedSchema() == null)
                        .map(ForeignKeyModel::referencedTable).filter(live::containsKey).forEach(out::add);
            }
        }
        for (TableModel t : live.values()) {
            for (ForeignKeyModel fk : t.foreignKeys()) {
                if (fk.referencedSchema() != null || !live.containsKey(fk.referencedTable())) {
                    continue;
                }
                if (touched.contains(t.name())) {
                    out.add(fk.referencedTable());
                }
                if (touched.contains(fk.referencedTable())) {
                    out.add(t.name());
                }
            }
        }
        return out;
    }

    private static String tableOf(Plan plan, String ddl) {
        return plan.changes().stream().filter(c -> c.ddl().contains(ddl)).map(TableChange::table).findFirst().orElse("");
    }
}
