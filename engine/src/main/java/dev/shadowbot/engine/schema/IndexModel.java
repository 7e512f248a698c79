package dev.shadowbot.engine.schema;

import java.util.List;

/**
 * An index.
 *
 * @param name       index name ({@code PRIMARY} for the primary key)
 * @param kind       PRIMARY, UNIQUE, INDEX, FULLTEXT or SPATIAL
 * @param parts      key parts in order
 * @param definition the index's line of {@code SHOW CREATE TABLE}, without the trailing comma
 */
public record IndexModel(String name, Kind kind, List<Part> parts, String definition) {
    public IndexModel {
        parts = List.copyOf(parts);
    }

    public enum Kind { PRIMARY, UNIQUE, INDEX, FULLTEXT, SPATIAL }

    /**
     * One key part.
     *
     * @param column     column name, or null for a functional part
     * @param expression the expression of a functional part, or null
     * @param subPart    prefix length, or 0 for the whole column
     * @param descending whether the part is sorted descending
     */
    public record Part(String column, String expression, int subPart, boolean descending) {
    }

    public boolean isUnique() {
        return kind == Kind.PRIMARY || kind == Kind.UNIQUE;
    }

    /** Column names of the key parts (null entries for functional parts). */
    public List<String> columns() {
        return parts.stream().map(Part::column).toList();
    }
}
