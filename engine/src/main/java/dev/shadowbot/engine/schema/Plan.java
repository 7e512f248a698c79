package dev.shadowbot.engine.schema;

import java.util.List;

/**
 * The result of planning a schema folder against a database.
 *
 * @param database the target database (schema) name
 * @param changes  per-table changes in run order: CREATEs (referenced tables first), ALTERs, DROPs
 *                 (referencing tables first)
 * @param problems source problems (empty for a plan that was computed)
 */
public record Plan(String database, List<TableChange> changes, List<SourceProblem> problems) {
    public Plan {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    /** Every statement of the plan, in run order. */
    public List<String> allDdl() {
        return changes.stream().flatMap(c -> c.ddl().stream()).toList();
    }
}
