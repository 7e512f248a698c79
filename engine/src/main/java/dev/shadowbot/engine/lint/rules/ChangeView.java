package dev.shadowbot.engine.lint.rules;

import dev.shadowbot.engine.schema.ColumnModel;
import dev.shadowbot.engine.schema.IndexModel;
import dev.shadowbot.engine.schema.TableChange;
import dev.shadowbot.engine.schema.TableModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** What an ALTER adds, drops and keeps, matched by name (renames are drop + add, as planned). */
final class ChangeView {
    final TableChange change;
    final TableModel before;
    final TableModel after;

    ChangeView(TableChange change) {
        this.change = change;
        this.before = change.oldTable();
        this.after = change.newTable();
    }

    /** A column present before and after. */
    record Kept(ColumnModel before, ColumnModel after) {
    }

    List<ColumnModel> addedColumns() {
        return after.columns().stream().filter(c -> before.column(c.name()).isEmpty()).toList();
    }

    List<ColumnModel> droppedColumns() {
        return before.columns().stream().filter(c -> after.column(c.name()).isEmpty()).toList();
    }

    List<Kept> keptColumns() {
        List<Kept> out = new ArrayList<>();
        for (ColumnModel b : before.columns()) {
            after.column(b.name()).ifPresent(a -> out.add(new Kept(b, a)));
        }
        return out;
    }

    /** Kept columns whose definition changed. */
    List<Kept> changedColumns() {
        return keptColumns().stream().filter(k -> !k.before().sameDefinition(k.after())).toList();
    }

    /** Indexes of the new table that the old one does not have with the same definition. */
    List<IndexModel> addedIndexes() {
        return after.indexes().stream().filter(i -> before.indexes().stream()
                .noneMatch(o -> o.definition().equals(i.definition()))).toList();
    }

    static Set<String> columnSet(IndexModel index) {
        return index.columns().stream().filter(Objects::nonNull).map(c -> c.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    /** A unique key usable to match rows: unique, no functional or prefix parts, all columns NOT NULL. */
    static boolean usableKey(TableModel table, IndexModel index) {
        if (!index.isUnique()) {
            return false;
        }
        for (IndexModel.Part p : index.parts()) {
            if (p.column() == null || p.subPart() > 0) {
                return false;
            }
            if (table.column(p.column()).map(ColumnModel::nullable).orElse(true)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code table} has a unique index over a subset of {@code columns}. */
    static boolean uniqueWithin(TableModel table, Set<String> columns) {
        return table.indexes().stream().filter(IndexModel::isUnique)
                .filter(i -> i.parts().stream().allMatch(p -> p.column() != null && p.subPart() == 0))
                .anyMatch(i -> columns.containsAll(columnSet(i)));
    }
}
