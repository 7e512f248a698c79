package dev.shadowbot.engine.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders tables so that referenced tables come before the tables whose foreign keys reference them. */
final class DependencyOrder {
    private DependencyOrder() {
    }

    /**
     * The given table names, referenced tables first. Ties keep name order; a cycle is broken at the
     * first table by name (its foreign keys then need {@code foreign_key_checks=0} or a later ALTER).
     */
    static List<String> referencedFirst(List<String> names, Map<String, TableModel> models) {
        Set<String> wanted = new LinkedHashSet<>(names);
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String n : names) {
            visit(n, wanted, models, done, visiting);
        }
        return new ArrayList<>(done);
    }

    /** True when the foreign keys among the given tables form a cycle (self references do not count). */
    static boolean hasCycle(List<String> names, Map<String, TableModel> models) {
        Set<String> wanted = new LinkedHashSet<>(names);
        Set<String> done = new LinkedHashSet<>();
        for (String n : names) {
            if (cycleFrom(n, wanted, models, done, new LinkedHashSet<>())) {
                return true;
            }
        }
        return false;
    }

    private static boolean cycleFrom(String n, Set<String> wanted, Map<String, TableModel> models, Set<String> done,
                                     Set<String> path) {
        if (done.contains(n)) {
            return false;
        }
        if (!path.add(n)) {
            return true;
        }
        TableModel m = models.get(n);
        if (m != null) {
            for (ForeignKeyModel fk : m.foreignKeys()) {
                String ref = fk.referencedTable();
                if (fk.referencedSchema() == null && !ref.equals(n) && wanted.contains(ref)
                        && cycleFrom(ref, wanted, models, done, path)) {
                    return true;
                }
            }
        }
        path.remove(n);
        done.add(n);
        return false;
    }

    private static void visit(String n, Set<String> wanted, Map<String, TableModel> models, Set<String> done,
                              Set<String> visiting) {
        if (done.contains(n) || !visiting.add(n)) {
            return;
        }
        TableModel m = models.get(n);
        if (m != null) {
            for (ForeignKeyModel fk : m.foreignKeys()) {
                String ref = fk.referencedTable();
                if (fk.referencedSchema() == null && !ref.equals(n) && wanted.contains(ref)) {
                    visit(ref, wanted, models, done, visiting);
                }
            }
        }
        visiting.remove(n);
        done.add(n);
    }
}
