package dev.shadowbot.action;

import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.Revertability;
import dev.shadowbot.engine.lint.Severity;
import dev.shadowbot.engine.report.PlanReport;
import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.TableChange;
import java.util.List;

/** Renders a plan for a terminal: per table the location, the unified diff and the DDL; then lint. */
final class PlanTextRenderer {
    private PlanTextRenderer() {
    }

    static String render(PlanReport r) {
        StringBuilder sb = new StringBuilder();
        String db = r.plan().database();
        if (!r.plan().hasChanges()) {
            sb.append("No changes: database `").append(db).append("` already matches the schema folder.\n");
            lint(sb, r);
            return sb.toString();
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
        List<String> byTable = r.plan().changes().stream().flatMap(c -> c.ddl().stream()).toList();
        if (!byTable.equals(r.plan().allDdl())) {
            sb.append("\n-- run order (foreign keys tie these tables together):\n");
            r.plan().allDdl().forEach(ddl -> sb.append(ddl).append(";\n"));
        }
        lint(sb, r);
        sb.append("\nDeployable online: ").append(r.deployable() ? "yes" : "no").append('\n');
        for (Revertability rv : r.lint().revertability()) {
            sb.append("Revert ").append(rv.table()).append(": ").append(rv.verdict());
            if (!rv.reasons().isEmpty()) {
                sb.append(" — ").append(String.join("; ", rv.reasons()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void lint(StringBuilder sb, PlanReport r) {
        if (r.lint().findings().isEmpty()) {
            return;
        }
        sb.append("\nLint: ").append(r.lint().count(Severity.error)).append(" error(s), ")
                .append(r.lint().count(Severity.warning)).append(" warning(s), ")
                .append(r.lint().count(Severity.info)).append(" info\n");
        for (Finding f : r.lint().findings()) {
            sb.append(String.format("  %-10s %-26s %s: %s%n", f.isSuppressed() ? "suppressed" : f.severity().name(),
                    f.code().id(), f.location(), f.message()));
            if (f.isSuppressed()) {
                sb.append("             ignored: ").append(f.suppressedBecause()).append('\n');
            } else if (f.severity() != Severity.info) {
                sb.append("             fix: ").append(f.explanation()).append('\n');
            }
        }
    }
}
