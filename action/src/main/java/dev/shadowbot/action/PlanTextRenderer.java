package dev.shadowbot.action;

import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.TableChange;

/** Renders a plan for a terminal: per table the location, the unified diff and the DDL. */
final class PlanTextRenderer {
    private PlanTextRenderer() {
    }

    static String render(PlanResult r) {
        StringBuilder sb = new StringBuilder();
        String db = r.plan().database();
        if (!r.plan().hasChanges()) {
            return sb.append("No changes: database `").append(db).append("` already matches the schema folder.\n")
                    .toString();
        }
        sb.append("Plan for database `").append(db).append("`: ").append(Planner.summary(r.plan())).append('\n');
        for (TableChange c : r.plan().changes()) {
            sb.append('\n').append("== ").append(c.table()).append(" (").append(c.kind()).append(')');
            if (c.file() != null) {
                sb.append("  ").append(c.file()).append(':').append(c.line());
            }
            sb.append('\n').append(c.diff());
            sb.append("-- DDL:\n");
            for (String ddl : c.ddl()) {
                sb.append(ddl).append(";\n");
            }
            for (String hint : c.renameHints()) {
                sb.append("-- hint: possible rename ").append(hint)
                        .append(" (planned as DROP + ADD: the column's data is not carried over)\n");
            }
        }
        return sb.toString();
    }
}
