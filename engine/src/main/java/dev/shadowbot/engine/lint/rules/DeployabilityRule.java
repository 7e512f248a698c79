package dev.shadowbot.engine.lint.rules;

import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.KeyWidening;
import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.lint.LintContext;
import dev.shadowbot.engine.lint.LintRule;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.IndexModel;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.TableChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Can the ALTERs run online at all? no-unique-key, no-shared-unique-key, foreign-key, non-innodb, fk-order,
 * triggers.
 */
public final class DeployabilityRule implements LintRule {
    @Override
    public List<Finding> check(LintContext ctx) {
        List<Finding> out = new ArrayList<>();
        Plan.OrderProblem order = ctx.plan().orderProblem();
        if (order != null) {
            TableChange at = ctx.plan().changes().stream().filter(c -> c.table().equals(order.table())).findFirst()
                    .orElse(null);
            out.add(Finding.of(LintCode.FK_ORDER, order.table(), at == null ? "" : LintContext.fileOf(at),
                    at == null ? 0 : at.line(), order.message(),
                    "A foreign key ties tables this plan changes so that no order of its statements works. Split the"
                            + " change: drop the foreign key in one deploy request, change the columns, and add it back"
                            + " in a later one."));
        }
        for (TableChange c : ctx.plan().changes()) {
            if (c.kind() != ChangeKind.ALTER || c.oldTable() == null || c.newTable() == null) {
                continue;
            }
            String file = LintContext.fileOf(c);
            String t = c.table();
            boolean oldHasKey = c.oldTable().indexes().stream().anyMatch(i -> ChangeView.usableKey(c.oldTable(), i));
            if (!oldHasKey) {
                out.add(Finding.of(LintCode.NO_UNIQUE_KEY, t, file, c.line(),
                        "`" + t + "` has no PRIMARY KEY or NOT NULL UNIQUE key, so it cannot be changed online",
                        "Add a primary key first, in its own deploy request."));
            } else if (!sharesKey(c)) {
                out.add(Finding.of(LintCode.NO_SHARED_UNIQUE_KEY, t, file, c.line(),
                        "the old and new `" + t + "` share no NOT NULL unique key to match rows by",
                        "Add the new key beside the old one first; drop the old key in a later deploy request."));
            }
            List<String> fkNames = c.oldTable().foreignKeys().stream().map(f -> f.name()).toList();
            List<String> referencedBy = ctx.live().map(l -> l.referencedBy(t)).orElse(List.of());
            if (!fkNames.isEmpty() || !c.newTable().foreignKeys().isEmpty() || !referencedBy.isEmpty()) {
                String why = !referencedBy.isEmpty() ? "is referenced by foreign keys of " + String.join(", ", referencedBy)
                        : "has foreign keys";
                out.add(Finding.of(LintCode.FOREIGN_KEY, t, file, c.line(),
                        "`" + t + "` " + why + ": a shadow-table swap would leave them pointing at the old table",
                        "Drop the foreign keys first, or change this table natively in a maintenance window."));
            }
            for (dev.shadowbot.engine.schema.ColumnModel added : new ChangeView(c).addedColumns()) {
                if (!added.nullable() && !added.hasDefault() && !added.isGenerated() && !added.autoIncrement()) {
                    out.add(Finding.of(LintCode.ADDED_NOT_NULL_NO_DEFAULT, t, file, ctx.lineOf(c, added.name()),
                            "`" + t + "`.`" + added.name() + "` is added NOT NULL without a DEFAULT: a row written while"
                                    + " the deploy runs cannot be applied to the new table (strict mode refuses the"
                                    + " missing value), so the deploy would fail under writes",
                            "Give the column a DEFAULT, or add it NULL, backfill it, and make it NOT NULL in a later"
                                    + " deploy request."));
                }
            }
            List<String> triggers = ctx.live().map(l -> l.triggers(t)).orElse(List.of());
            if (!triggers.isEmpty()) {
                out.add(Finding.of(LintCode.TRIGGERS, t, file, c.line(), "`" + t + "` has trigger"
                                + (triggers.size() == 1 ? " " : "s ") + String.join(", ", triggers) + ": they belong to the"
                                + " table the swap retires, so after the cutover the live table would have none (the"
                                + " window's writes would fire nothing, and they would be gone for good afterwards)",
                        "Drop the triggers, deploy, and create them again on the new table; or change this table"
                                + " natively in a maintenance window. shadowbot does not carry triggers across the swap."));
            }
            for (String engine : new String[] {c.oldTable().options().engine(), c.newTable().options().engine()}) {
                if (engine != null && !engine.toLowerCase(Locale.ROOT).equals("innodb")) {
                    out.add(Finding.of(LintCode.NON_INNODB, t, file, c.line(),
                            "`" + t + "` uses " + engine + ", not InnoDB", "Convert the table to InnoDB first."));
                    break;
                }
            }
        }
        return out;
    }

    private static boolean sharesKey(TableChange c) {
        for (IndexModel o : c.oldTable().indexes()) {
            if (!ChangeView.usableKey(c.oldTable(), o)) {
                continue;
            }
            for (IndexModel n : c.newTable().indexes()) {
                if (ChangeView.usableKey(c.newTable(), n) && ChangeView.columnSet(n).equals(ChangeView.columnSet(o))
                        && ChangeView.columnSet(o).stream().allMatch(col -> sameType(c, col))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The key column keeps its values (same type, or a lossless widening such as INT → BIGINT). */
    private static boolean sameType(TableChange c, String column) {
        var before = c.oldTable().column(column);
        var after = c.newTable().column(column);
        return before.isPresent() && after.isPresent() && KeyWidening.keepsKeyValues(before.get(), after.get());
    }
}
