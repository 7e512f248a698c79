package dev.shadowbot.engine.schema;

import java.util.List;
import java.util.Optional;

/**
 * A loaded schema folder: the desired tables in file order, and every problem found while loading.
 * A source with problems must not be planned.
 */
public record SchemaSource(List<TableSource> tables, List<SourceProblem> problems) {
    public SchemaSource {
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The desired table of that name (case-sensitive, as the server on Linux treats table names). */
    public Optional<TableSource> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
