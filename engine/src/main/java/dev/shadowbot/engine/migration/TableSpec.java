package dev.shadowbot.engine.migration;

import java.util.Objects;

/**
 * One table to change through a shadow.
 *
 * @param table        the live table's name
 * @param alterClauses the text after {@code ALTER TABLE <name> }, e.g.
 *                     {@code ADD COLUMN `c` int NOT NULL DEFAULT 0, ADD KEY `ix` (`c`)}
 */
public record TableSpec(String table, String alterClauses) {
    public TableSpec {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(alterClauses, "alterClauses");
    }
}
