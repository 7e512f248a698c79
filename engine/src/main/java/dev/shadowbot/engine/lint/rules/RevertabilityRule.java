package dev.shadowbot.engine.lint.rules;

import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.lint.LintContext;
import dev.shadowbot.engine.lint.LintRule;
import dev.shadowbot.engine.lint.StringCapacity;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.ColumnModel;
import dev.shadowbot.engine.schema.IndexModel;
import dev.shadowbot.engine.schema.TableChange;
import java.util.ArrayList;
import java.util.List;

/**
 * What a revert after cutover can lose or be refused: data in added columns, values that only fit
 * the wider type, duplicates that only the relaxed key allows, NULLs the old schema forbids.
 */
public final class RevertabilityRule implements LintRule {
    @Override
    public List<Finding> check(LintContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (TableChange c : ctx.plan().changes()) {
            if (c.kind() != ChangeKind.ALTER || c.oldTable() == null || c.newTable() == null) {
                continue;
            }
            ChangeView v = new ChangeView(c);
            String t = c.table();
            String file = LintContext.fileOf(c);
            for (ColumnModel a : v.addedColumns()) {
                out.add(Finding.of(LintCode.REVERT_LOSES_COLUMN_DATA, t, file, ctx.lineOf(c, a.name()),
                        "revert would drop the new column `" + t + "`.`" + a.name() + "` and the data written to it",
                        "Decide before you revert; the data in that column is not kept."));
            }
            for (ChangeView.Kept k : v.changedColumns()) {
                if (DataLossRule.widening(k.before(), k.after())) {
                    boolean charset = StringCapacity.charsetsDiffer(k.before(), k.after());
                    out.add(Finding.of(LintCode.REVERT_MAY_FAIL_WIDENING, t, file, ctx.lineOf(c, k.after().name()),
                            "revert fails if a row gets a value that fits " + StringCapacity.describe(k.after(), charset)
                                    + " but not " + StringCapacity.describe(k.before(), charset) + " (`" + t + "`.`"
                                    + k.after().name() + "`)",
                            "The revert window shows live whether such a row exists."));
                }
                if (!k.before().nullable() && k.after().nullable()) {
                    out.add(Finding.of(LintCode.REVERT_MAY_FAIL_NOT_NULL, t, file, ctx.lineOf(c, k.after().name()),
                            "revert fails if a row stores NULL in `" + t + "`.`" + k.after().name()
                                    + "`, which was NOT NULL", "The revert window shows live whether such a row exists."));
                }
            }
            for (ColumnModel d : v.droppedColumns()) {
                if (!d.nullable() && !d.hasDefault() && !d.autoIncrement() && !d.isGenerated()) {
                    out.add(Finding.of(LintCode.REVERT_MAY_FAIL_NOT_NULL, t, file, c.line(),
                            "revert fails for rows inserted after cutover: the dropped column `" + d.name()
                                    + "` is NOT NULL without a default in the old table",
                            "Give the column a default before dropping it, if you may need to revert."));
                }
            }
            for (IndexModel o : c.oldTable().indexes()) {
                if (o.isUnique() && o.parts().stream().allMatch(p -> p.column() != null)
                        && !ChangeView.uniqueWithin(c.newTable(), ChangeView.columnSet(o))) {
                    out.add(Finding.of(LintCode.REVERT_MAY_FAIL_UNIQUE, t, file, c.line(),
                            "revert fails if rows written after cutover duplicate " + String.join(", ", o.columns())
                                    + " (unique key `" + o.name() + "` is removed or relaxed)",
                            "The revert window shows live whether such a duplicate exists."));
                }
            }
        }
        return out;
    }
}
