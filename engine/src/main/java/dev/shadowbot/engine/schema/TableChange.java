package dev.shadowbot.engine.schema;

import java.util.List;

/**
 * The change to one table.
 *
 * @param table        table name
 * @param kind         CREATE, ALTER or DROP
 * @param ddl          complete statements in run order (usually one; two when a constraint is dropped and
 *                     re-added under the same name, which the server refuses in one ALTER)
 * @param alterClauses for ALTER: every clause after {@code ALTER TABLE <name> }, comma-separated, in a
 *                     valid order, so the migration engine can apply them to a shadow table; empty otherwise
 * @param diff         unified diff of the canonical CREATE statements (old → new)
 * @param file         schema file of the desired table (null for DROP)
 * @param line         line of the desired table's statement (0 for DROP)
 * @param renameHints  possible renames: dropped and added columns with the same definition, as
 *                     {@code old -> new}; planned as drop + add, never as a rename
 * @param oldTable     the live table before the change (null for CREATE)
 * @param newTable     the desired table (null for DROP)
 */
public record TableChange(String table, ChangeKind kind, List<String> ddl, String alterClauses, String diff,
                          String file, int line, List<String> renameHints, TableModel oldTable,
                          TableModel newTable) {
    public TableChange {
        ddl = List.copyOf(ddl);
        renameHints = List.copyOf(renameHints);
        alterClauses = alterClauses == null ? "" : alterClauses;
    }

    /** The contract's short form, without rename hints and models. */
    public TableChange(String table, ChangeKind kind, List<String> ddl, String alterClauses, String diff,
                       String file, int line) {
        this(table, kind, ddl, alterClauses, diff, file, line, List.of(), null, null);
    }
}
