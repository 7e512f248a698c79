package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a plan from two canonical schemas read from the same server: one change per table, and all
 * statements in an order the server accepts with foreign key checks on.
 *
 * <p>The natural order is CREATEs (referenced tables first), ALTERs (those dropping foreign keys
 * first, those adding them last), DROPs (referencing tables first). Foreign keys between tables the
 * plan changes then move statements, and only those: a table dropped, or a foreign key dropped,
 * runs before the ALTER or DROP of the table it references; a table created, or a foreign key added,
 * runs after the CREATE or ALTER of the table it references. A foreign key clause such a rule moves
 * becomes an {@code ALTER TABLE} of its own. Where the rules contradict each other the natural order
 * is kept, and {@link OrderCheck} says at plan time which statement fails.
 */
final class PlanAssembly {
    private PlanAssembly() {
    }

    /** One statement of the plan. */
    private record Step(String table, String sql, List<String> mustFollow, List<String> mustPrecede) {
    }

    static Plan build(String schema, SchemaSource desired, Map<String, TableModel> live, Map<String, TableModel> wanted,
                      ServerInfo server) {
        TableDiffer differ = new TableDiffer(server);
        Set<String> created = new TreeSet<>();
        Set<String> dropped = new TreeSet<>();
        Set<String> altered = new TreeSet<>();
        Map<String, TableDiffer.Alter> alters = new TreeMap<>();
        for (String n : wanted.keySet()) {
            TableModel from = live.get(n);
            if (from == null) {
                created.add(n);
            } else if (!from.sameStructure(wanted.get(n))) {
                TableDiffer.Alter a = differ.diff(from, wanted.get(n));
                if (!a.isEmpty()) {
                    alters.put(n, a);
                    altered.add(n);
                }
            }
        }
        live.keySet().stream().filter(n -> !wanted.containsKey(n)).forEach(dropped::add);

        List<Step> steps = new ArrayList<>();
        Map<String, List<Step>> byTable = new LinkedHashMap<>();
        for (String n : DependencyOrder.referencedFirst(List.copyOf(created), wanted)) {
            add(steps, byTable, new Step(n, wanted.get(n).createStatement(), referenced(wanted.get(n), n), List.of()));
        }
        List<String> alterOrder = new ArrayList<>(alters.keySet());
        alterOrder.sort(Comparator.comparingInt(n -> rank(alters.get(n).allClauses())));
        for (String n : alterOrder) {
            alterSteps(n, alters.get(n), live.get(n), wanted.get(n), created, altered, dropped)
                    .forEach(s -> add(steps, byTable, s));
        }
        List<String> dropOrder = new ArrayList<>(DependencyOrder.referencedFirst(List.copyOf(dropped), live));
        Collections.reverse(dropOrder);
        for (String n : dropOrder) {
            add(steps, byTable, new Step(n, "DROP TABLE " + Identifiers.quote(n), List.of(), referenced(live.get(n), n)));
        }
        List<Step> ordered = order(steps, created, altered, dropped);

        Map<String, TableChange> changes = new LinkedHashMap<>();
        for (Step s : ordered) {
            changes.computeIfAbsent(s.table(), n -> change(n, byTable.get(n), desired, live.get(n), wanted.get(n),
                    alters.get(n)));
        }
        return new Plan(schema, List.copyOf(changes.values()), List.of(), ordered.stream().map(Step::sql).toList(), null);
    }

    private static void add(List<Step> steps, Map<String, List<Step>> byTable, Step s) {
        steps.add(s);
        byTable.computeIfAbsent(s.table(), k -> new ArrayList<>()).add(s);
    }

    /** ALTERs that drop foreign keys come first and those that add them last (a key may move between tables). */
    private static int rank(String clauses) {
        return clauses.contains("DROP FOREIGN KEY") ? 0 : clauses.contains("FOREIGN KEY") ? 2 : 1;
    }

    /** Tables (other than itself) that a table's foreign keys reference in the same schema. */
    private static List<String> referenced(TableModel t, String self) {
        return t.foreignKeys().stream().filter(fk -> fk.referencedSchema() == null)
                .map(ForeignKeyModel::referencedTable).filter(r -> !r.equals(self)).distinct().toList();
    }

    /**
     * The statements of one ALTER: the foreign key drops that must run before a referenced table
     * changes, the ALTER itself (two statements when a constraint is dropped and re-added under one
     * name), and the foreign key adds that must wait for a referenced table.
     */
    private static List<Step> alterSteps(String n, TableDiffer.Alter alter, TableModel from, TableModel to,
                                         Set<String> created, Set<String> altered, Set<String> dropped) {
        List<String> earlyDrops = new ArrayList<>();
        List<String> earlyTargets = new ArrayList<>();
        for (ForeignKeyModel fk : from.foreignKeys()) {
            String r = fk.referencedTable();
            String clause = TableDiffer.dropForeignKey(fk);
            if (fk.referencedSchema() == null && !r.equals(n) && (altered.contains(r) || dropped.contains(r))
                    && (alter.preClauses().contains(clause) || alter.clauses().contains(clause))) {
                earlyDrops.add(clause);
                earlyTargets.add(r);
            }
        }
        List<String> lateAdds = new ArrayList<>();
        List<String> lateSources = new ArrayList<>();
        for (ForeignKeyModel fk : to.foreignKeys()) {
            String r = fk.referencedTable();
            String clause = TableDiffer.addForeignKey(fk);
            if (fk.referencedSchema() == null && !r.equals(n) && (altered.contains(r) || created.contains(r))
                    && alter.clauses().contains(clause)) {
                lateAdds.add(clause);
                lateSources.add(r);
            }
        }
        String prefix = "ALTER TABLE " + Identifiers.quote(n) + " ";
        List<Step> out = new ArrayList<>();
        if (!earlyDrops.isEmpty()) {
            out.add(new Step(n, prefix + String.join(", ", earlyDrops), List.of(), earlyTargets));
        }
        List<String> pre = new ArrayList<>(alter.preClauses());
        pre.removeAll(earlyDrops);
        List<String> main = new ArrayList<>(alter.clauses());
        main.removeAll(earlyDrops);
        main.removeAll(lateAdds);
        if (!pre.isEmpty()) {
            out.add(new Step(n, prefix + String.join(", ", pre), List.of(), List.of()));
        }
        TableDiffer.Alter rest = new TableDiffer.Alter(List.of(), main, alter.partitionClause(), List.of());
        if (!rest.isEmpty()) {
            out.add(new Step(n, prefix + rest.allClauses(), List.of(), List.of()));
        }
        if (!lateAdds.isEmpty()) {
            out.add(new Step(n, prefix + String.join(", ", lateAdds), lateSources, List.of()));
        }
        return out;
    }

    /**
     * Orders the steps: a step runs after every step of the tables it must follow, and before every
     * step of the tables it must precede, and otherwise keeps its natural place. Only the rules that
     * concern tables this plan changes count; a contradiction keeps the natural order.
     */
    private static List<Step> order(List<Step> steps, Set<String> created, Set<String> altered, Set<String> dropped) {
        int n = steps.size();
        List<List<Integer>> after = new ArrayList<>();
        int[] waiting = new int[n];
        for (int i = 0; i < n; i++) {
            after.add(new ArrayList<>());
        }
        Map<String, List<Integer>> byTable = new HashMap<>();
        for (int i = 0; i < n; i++) {
            byTable.computeIfAbsent(steps.get(i).table(), k -> new ArrayList<>()).add(i);
        }
        boolean any = false;
        for (int i = 0; i < n; i++) {
            Step s = steps.get(i);
            for (String t : s.mustFollow()) {
                if (created.contains(t) || altered.contains(t)) {
                    for (int j : byTable.getOrDefault(t, List.of())) {
                        after.get(j).add(i);
                        waiting[i]++;
                        any = true;
                    }
                }
            }
            for (String t : s.mustPrecede()) {
                if (altered.contains(t) || dropped.contains(t)) {
                    for (int j : byTable.getOrDefault(t, List.of())) {
                        after.get(i).add(j);
                        waiting[j]++;
                        any = true;
                    }
                }
            }
        }
        // Steps of one table keep their own order.
        for (List<Integer> same : byTable.values()) {
            for (int k = 1; k < same.size(); k++) {
                after.get(same.get(k - 1)).add(same.get(k));
                waiting[same.get(k)]++;
            }
        }
        if (!any) {
            return steps;
        }
        List<Step> out = new ArrayList<>();
        TreeSet<Integer> ready = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        while (!ready.isEmpty()) {
            int i = ready.pollFirst();
            out.add(steps.get(i));
            for (int j : after.get(i)) {
                if (--waiting[j] == 0) {
                    ready.add(j);
                }
            }
        }
        return out.size() == n ? out : steps;
    }

    private static TableChange change(String n, List<Step> steps, SchemaSource desired, TableModel from, TableModel to,
                                      TableDiffer.Alter alter) {
        List<String> ddl = steps.stream().map(Step::sql).toList();
        TableSource src = desired.table(n).orElse(null);
        String file = src == null ? null : src.file();
        int line = src == null ? 0 : src.line();
        if (from == null) {
            return new TableChange(n, ChangeKind.CREATE, ddl, "", UnifiedDiff.of(n, "", to.createStatement()), file, line,
                    List.of(), null, to);
        }
        if (to == null) {
            return new TableChange(n, ChangeKind.DROP, ddl, "", UnifiedDiff.of(n, from.createStatement(), ""), null, 0,
                    List.of(), from, null);
        }
        return new TableChange(n, ChangeKind.ALTER, ddl, alter.allClauses(),
                UnifiedDiff.of(n, from.createStatement(), to.createStatement()), file, line, alter.renameHints(), from, to);
    }
}
