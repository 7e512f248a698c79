package dev.shadowbot.engine.lint.rules;

import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.lint.LintContext;
import dev.shadowbot.engine.lint.LintRule;
import dev.shadowbot.engine.lint.StringCapacity;
import dev.shadowbot.engine.lint.TypeInfo;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.ColumnModel;
import dev.shadowbot.engine.schema.TableChange;
import java.util.ArrayList;
import java.util.List;

/** Changes that destroy data: drop-table, drop-column, narrowing. */
public final class DataLossRule implements LintRule {
    @Override
    public List<Finding> check(LintContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (TableChange c : ctx.plan().changes()) {
            String t = c.table();
            if (c.kind() == ChangeKind.DROP) {
                out.add(Finding.of(LintCode.DROP_TABLE, t, "", 0,
                        "drops table `" + t + "` and every row in it",
                        "Its file was removed from the schema folder. The table is kept in quarantine until the revert "
                                + "window ends; deploy with --allow-data-loss if this is intended."));
                continue;
            }
            if (c.kind() != ChangeKind.ALTER || c.oldTable() == null || c.newTable() == null) {
                continue;
            }
            ChangeView v = new ChangeView(c);
            String file = LintContext.fileOf(c);
            for (ColumnModel d : v.droppedColumns()) {
                out.add(Finding.of(LintCode.DROP_COLUMN, t, file, c.line(),
                        "drops column `" + t + "`.`" + d.name() + "` (" + d.columnType() + ") and its data",
                        "Deploy with --allow-data-loss if this is intended; if it is a rename, see rename-hint."));
            }
            for (ChangeView.Kept k : v.changedColumns()) {
                String why = narrowing(k.before(), k.after());
                if (why != null) {
                    out.add(Finding.of(LintCode.NARROWING, t, file, ctx.lineOf(c, k.after().name()),
                            "`" + t + "`.`" + k.after().name() + "`: " + why,
                            "Values that do not fit are truncated or refused during the copy. Check the data, then deploy "
                                    + "with --allow-data-loss."));
                }
            }
        }
        return out;
    }

    /** Why the new column cannot hold every value of the old one, or null when it can. */
    static String narrowing(ColumnModel before, ColumnModel after) {
        TypeInfo b = TypeInfo.parse(before.columnType());
        TypeInfo a = TypeInfo.parse(after.columnType());
        if (characters(b) && characters(a)) {
            return StringCapacity.narrowing(before, b, after, a);
        }
        boolean charsetChanges = StringCapacity.charsetsDiffer(before, after);
        String was = StringCapacity.describe(before, charsetChanges);
        String now = StringCapacity.describe(after, charsetChanges);
        if (b.compareTo(a) < 0) {
            if (b.family() == TypeInfo.Family.ENUM || b.family() == TypeInfo.Family.SET) {
                List<String> removed = new ArrayList<>(b.values());
                removed.removeAll(a.values());
                return removed.isEmpty() ? was + " → " + now : "removes " + b.base().toUpperCase() + " values " + removed;
            }
            return was + " → " + now + " is narrower";
        }
        if (charsetChanges && !StringCapacity.covers(after.charset().toLowerCase(java.util.Locale.ROOT),
                before.charset().toLowerCase(java.util.Locale.ROOT))) {
            return was + " → " + now + ": charset " + after.charset() + " cannot hold every " + before.charset()
                    + " character";
        }
        return null;
    }

    /** CHAR, VARCHAR and the TEXT types: limited in characters or bytes of a charset. */
    private static boolean characters(TypeInfo t) {
        return t.family() == TypeInfo.Family.STRING || t.family() == TypeInfo.Family.TEXT;
    }

    /** True when the old column cannot hold every value of the new one: a revert may meet a value it refuses. */
    static boolean widening(ColumnModel before, ColumnModel after) {
        return narrowing(after, before) != null;
    }
}
