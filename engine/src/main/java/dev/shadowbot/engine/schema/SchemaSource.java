package dev.shadowbot.engine.schema;

import java.util.List;
import java.util.Optional;

/**
 * A loaded schema folder: the desired tables in file order, every problem found while loading, and
 * the statements that were skipped because they change nothing. A source with problems must not be
 * planned.
 */
public record SchemaSource(List<TableSource> tables, List<SourceProblem> problems, List<IgnoredStatements> ignored) {
    public SchemaSource {
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
        ignored = List.copyOf(ignored);
    }

    public SchemaSource(List<TableSource> tables, List<SourceProblem> problems) {
        this(tables, problems, List.of());
    }

    /** This source with {@code more} problems, e.g. the server's refusals of its statements. */
    public SchemaSource withProblems(List<SourceProblem> more) {
        List<SourceProblem> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        return new SchemaSource(tables, all, ignored);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The desired table of that name (case-sensitive, as the server on Linux treats table names). */
    public Optional<TableSource> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
