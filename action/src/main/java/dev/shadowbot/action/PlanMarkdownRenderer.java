package dev.shadowbot.action;

import dev.shadowbot.engine.schema.Planner;
import dev.shadowbot.engine.schema.TableChange;

/** Renders a plan as it appears in a pull-request comment; long tables collapse into {@code <details>}. */
final class PlanMarkdownRenderer {
    /** Changes longer than this many lines of diff + DDL are collapsed. */
    static final int COLLAPSE_LINES = 25;

    private PlanMarkdownRenderer() {
    }

    static String render(PlanResult r) {
        StringBuilder sb = new StringBuilder();
        String db = r.plan().database();
        sb.append("### shadowbot plan for `").append(db).append("`\n\n");
        if (!r.plan().hasChanges()) {
            return sb.append("No changes: the database already matches the schema folder.\n").toString();
        }
        sb.append("**").append(Planner.summary(r.plan())).append("** · deployable: ")
                .append(r.deployable() ? "yes" : "no").append("\n");
        for (TableChange c : r.plan().changes()) {
            String body = body(c);
            String title = "`" + c.table() + "` — " + c.kind()
                    + (c.file() != null ? " (`" + c.file() + ":" + c.line() + "`)" : "");
            sb.append('\n');
            if (body.split("\n", -1).length > COLLAPSE_LINES) {
                sb.append("<details><summary>").append(title.replace("`", "")).append("</summary>\n\n")
                        .append(body).append("\n</details>\n");
            } else {
                sb.append("#### ").append(title).append("\n\n").append(body);
            }
        }
        return sb.toString();
    }

    private static String body(TableChange c) {
        StringBuilder sb = new StringBuilder();
        sb.append("```diff\n").append(c.diff()).append("```\n\n```sql\n");
        for (String ddl : c.ddl()) {
            sb.append(ddl).append(";\n");
        }
        sb.append("```\n");
        for (String hint : c.renameHints()) {
            sb.append("\n> **rename-hint**: possible rename `").append(hint.replace(" -> ", "` → `"))
                    .append("`, planned as DROP + ADD (the column's data is not carried over).\n");
        }
        return sb.toString();
    }
}
