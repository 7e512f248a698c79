package dev.shadowbot.engine.lint.rules;

import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.lint.LintContext;
import dev.shadowbot.engine.lint.LintRule;
import dev.shadowbot.engine.lint.LiveData;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.ColumnModel;
import dev.shadowbot.engine.schema.IndexModel;
import dev.shadowbot.engine.schema.TableChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks whose answer depends on the rows: a column turning NOT NULL without a default while NULLs
 * exist, a new unique key over duplicated values. Needs the live database; silent without one.
 */
public final class DataDependentRule implements LintRule {
    @Override
    public List<Finding> check(LintContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.live().isEmpty()) {
            return out;
        }
        LiveData live = ctx.live().get();
        for (TableChange c : ctx.plan().changes()) {
            if (c.kind() != ChangeKind.ALTER || c.oldTable() == null || c.newTable() == null) {
                continue;
            }
            ChangeView v = new ChangeView(c);
            String t = c.table();
            String file = LintContext.fileOf(c);
            for (ChangeView.Kept k : v.keptColumns()) {
                if (k.before().nullable() && !k.after().nullable() && !k.after().hasDefault()
                        && !k.after().isGenerated()) {
                    long nulls = live.nullCount(t, k.after().name());
                    if (nulls > 0) {
                        out.add(Finding.of(LintCode.NOT_NULL_NO_DEFAULT, t, file, ctx.lineOf(c, k.after().name()),
                                "`" + t + "`.`" + k.after().name() + "` becomes NOT NULL without a default, but "
                                        + nulls + " live row" + (nulls == 1 ? " holds" : "s hold") + " NULL",
                                "Backfill the NULLs first, or give the column a DEFAULT."));
                    }
                }
            }
            List<IndexModel> added = v.addedIndexes();
            for (IndexModel n : c.newTable().indexes()) {
                if (!n.isUnique() || n.parts().stream().anyMatch(p -> p.column() == null)) {
                    continue;
                }
                if (n.parts().stream().anyMatch(p -> c.oldTable().column(p.column()).isEmpty())) {
                    continue; // over a new column: no live values yet
                }
                Map<String, String> collations = changedCollations(c, n);
                if (!added.contains(n) && collations.isEmpty()) {
                    continue; // the same key comparing the same way
                }
                if (collations.isEmpty() && ChangeView.uniqueWithin(c.oldTable(), ChangeView.columnSet(n))) {
                    continue; // already unique on live: cannot hold duplicates
                }
                LiveData.Duplicates d = live.duplicates(t, n.columns(), collations);
                if (d.groups() > 0) {
                    String cols = String.join(", ", n.columns());
                    String how = collations.isEmpty() ? "" : " compared in " + String.join(", ", collations.values());
                    out.add(Finding.of(LintCode.NEW_UNIQUE, t, file, ctx.lineOf(c, n.name()),
                            d.groups() + " duplicate value" + (d.groups() == 1 ? "" : "s") + " of " + cols + how
                                    + " in `" + t + "` for unique key `" + n.name() + "` (" + d.rows() + " row"
                                    + (d.rows() == 1 ? "" : "s") + " too many; e.g. '" + d.example() + "')",
                            "Remove the duplicates before deploying the unique key; the deploy refuses while they exist."));
                }
            }
        }
        return out;
    }

    /** Columns of {@code key} whose collation the change alters: column → new collation. */
    private static Map<String, String> changedCollations(TableChange c, IndexModel key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String col : key.columns()) {
            ColumnModel before = c.oldTable().column(col).orElse(null);
            ColumnModel after = c.newTable().column(col).orElse(null);
            if (before != null && after != null && before.collation() != null && after.collation() != null
                    && !before.collation().equalsIgnoreCase(after.collation())) {
                out.put(col, after.collation());
            }
        }
        return out;
    }
}
