package dev.shadowbot.engine.lint.rules;

import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.lint.LintContext;
import dev.shadowbot.engine.lint.LintRule;
import dev.shadowbot.engine.lint.ReservedWords;
import dev.shadowbot.engine.lint.TypeInfo;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.ColumnModel;
import dev.shadowbot.engine.schema.IndexModel;
import dev.shadowbot.engine.schema.TableChange;
import dev.shadowbot.engine.schema.TableModel;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Good-practice checks on what the change introduces (a whole new table, or the added and changed
 * parts of an altered one), so a pull request is not blamed for what was already there.
 */
public final class HygieneRule implements LintRule {
    @Override
    public List<Finding> check(LintContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (TableChange c : ctx.plan().changes()) {
            if (c.newTable() == null) {
                continue;
            }
            TableModel table = c.newTable();
            String t = c.table();
            String file = LintContext.fileOf(c);
            boolean created = c.kind() == ChangeKind.CREATE;
            List<ColumnModel> touched = created ? table.columns() : touchedColumns(c);
            List<IndexModel> newIndexes = created ? table.indexes() : new ChangeView(c).addedIndexes();

            if (created && ReservedWords.isReserved(t)) {
                out.add(Finding.of(LintCode.RESERVED_WORD, t, file, c.line(), "table name `" + t + "` is a reserved word",
                        "Every query must quote it. Rename the table."));
            }
            for (ColumnModel col : touched) {
                int line = ctx.lineOf(c, col.name());
                String where = "`" + t + "`.`" + col.name() + "`";
                if (ReservedWords.isReserved(col.name())) {
                    out.add(Finding.of(LintCode.RESERVED_WORD, t, file, line, "column name " + where + " is a reserved word",
                            "Every query must quote it. Rename the column."));
                }
                String dt = col.dataType().toLowerCase(Locale.ROOT);
                if (dt.equals("float") || dt.equals("double") || dt.equals("real")) {
                    out.add(Finding.of(LintCode.FLOAT_TYPE, t, file, line, where + " is " + col.columnType()
                            + ": binary floating point is approximate", "Use DECIMAL(p,s) for exact values."));
                }
                if (col.defaultValue() != null && col.defaultValue().replace("'", "").startsWith("0000-00-00")) {
                    out.add(Finding.of(LintCode.ZERO_DATE, t, file, line, where + " defaults to a zero date",
                            "Use NULL or a real date: strict SQL modes refuse zero dates."));
                }
                if (col.charset() != null && !ctx.settings().charsetAllow().contains(col.charset().toLowerCase(Locale.ROOT))) {
                    out.add(Finding.of(LintCode.CHARSET, t, file, line, where + " uses charset " + col.charset()
                            + " (allowed: " + String.join(", ", ctx.settings().charsetAllow()) + ")",
                            "Use an allowed charset or extend lint.charset.allow in .github/shadowbot.yml."));
                }
            }
            String tableCharset = table.options().charset();
            boolean charsetChanged = created || (c.oldTable() != null
                    && !String.valueOf(c.oldTable().options().charset()).equals(String.valueOf(tableCharset)));
            if (charsetChanged && tableCharset != null
                    && !ctx.settings().charsetAllow().contains(tableCharset.toLowerCase(Locale.ROOT))) {
                out.add(Finding.of(LintCode.CHARSET, t, file, c.line(), "`" + t + "` default charset is " + tableCharset
                        + " (allowed: " + String.join(", ", ctx.settings().charsetAllow()) + ")",
                        "Use an allowed charset or extend lint.charset.allow in .github/shadowbot.yml."));
            }
            for (IndexModel idx : newIndexes) {
                if (idx.kind() != IndexModel.Kind.PRIMARY && ReservedWords.isReserved(idx.name())) {
                    out.add(Finding.of(LintCode.RESERVED_WORD, t, file, ctx.lineOf(c, idx.name()),
                            "index name `" + idx.name() + "` is a reserved word", "Rename the index."));
                }
                indexOverlap(ctx, c, table, idx, out);
            }
            for (String hint : c.renameHints()) {
                out.add(Finding.of(LintCode.RENAME_HINT, t, file, c.line(), "`" + t + "`: " + hint
                        + " looks like a rename, but is planned as drop + add: the old column's data is lost",
                        "shadowbot never guesses renames. Copy the data in a separate step, or suppress if intended."));
            }
            autoIncrement(ctx, c, table, out);
        }
        return out;
    }

    private static List<ColumnModel> touchedColumns(TableChange c) {
        ChangeView v = new ChangeView(c);
        List<ColumnModel> out = new ArrayList<>(v.addedColumns());
        v.changedColumns().forEach(k -> out.add(k.after()));
        return out;
    }

    private static void indexOverlap(LintContext ctx, TableChange c, TableModel table, IndexModel idx, List<Finding> out) {
        if (idx.kind() == IndexModel.Kind.FULLTEXT || idx.kind() == IndexModel.Kind.SPATIAL) {
            return;
        }
        for (IndexModel other : table.indexes()) {
            if (other == idx || other.kind() == IndexModel.Kind.FULLTEXT || other.kind() == IndexModel.Kind.SPATIAL) {
                continue;
            }
            if (other.parts().equals(idx.parts())) {
                if (idx.kind() == IndexModel.Kind.PRIMARY || (idx.isUnique() && !other.isUnique())) {
                    continue; // the other one is the redundant one; reported when it is checked
                }
                if (idx.isUnique() == other.isUnique() && table.indexes().indexOf(other) > table.indexes().indexOf(idx)) {
                    continue; // report a same-kind pair once, on the later index
                }
                out.add(Finding.of(LintCode.DUPLICATE_INDEX, c.table(), LintContext.fileOf(c), ctx.lineOf(c, idx.name()),
                        "index `" + idx.name() + "` duplicates `" + other.name() + "` on `" + c.table() + "`",
                        "Drop one of them."));
                return;
            }
            if (!idx.isUnique() && other.parts().size() > idx.parts().size()
                    && other.parts().subList(0, idx.parts().size()).equals(idx.parts())) {
                out.add(Finding.of(LintCode.REDUNDANT_INDEX, c.table(), LintContext.fileOf(c), ctx.lineOf(c, idx.name()),
                        "index `" + idx.name() + "` is a left prefix of `" + other.name() + "` on `" + c.table() + "`",
                        "Drop `" + idx.name() + "`: `" + other.name() + "` serves the same lookups."));
                return;
            }
        }
    }

    private static void autoIncrement(LintContext ctx, TableChange c, TableModel table, List<Finding> out) {
        if (ctx.live().isEmpty() || c.kind() != ChangeKind.ALTER) {
            return;
        }
        for (ColumnModel col : table.columns()) {
            if (!col.autoIncrement()) {
                continue;
            }
            OptionalLong next = ctx.live().get().autoIncrement(c.table());
            TypeInfo type = TypeInfo.parse(col.columnType());
            if (next.isEmpty() || type.family() != TypeInfo.Family.INTEGER) {
                return;
            }
            BigInteger max = type.integerMax();
            BigInteger used = BigInteger.valueOf(next.getAsLong());
            if (used.multiply(BigInteger.valueOf(100)).compareTo(max.multiply(BigInteger.valueOf(75))) > 0) {
                int pct = used.multiply(BigInteger.valueOf(100)).divide(max).intValue();
                out.add(Finding.of(LintCode.AUTO_INC_CAPACITY, c.table(), LintContext.fileOf(c), ctx.lineOf(c, col.name()),
                        "`" + c.table() + "`.`" + col.name() + "` (" + col.columnType() + ") has used " + pct
                                + "% of its range (next value " + used + ")",
                        "Widen the column, e.g. to BIGINT UNSIGNED, before inserts start failing."));
            }
            return;
        }
    }
}
