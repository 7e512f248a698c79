package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.db.ServerInfo;
import java.util.Optional;

/**
 * The planner's table differ for callers outside the planner (the instant path computes a revert as the
 * diff from the new table back to the old one, both read from the same server).
 */
public final class TableDiffs {
    private TableDiffs() {
    }

    /** Makes the session print SHOW CREATE TABLE the way the schema reader expects (as planning does). */
    public static void prepareSession(java.sql.Connection connection) throws java.sql.SQLException {
        Workspace.prepareSession(connection);
    }

    /** {@code sql} with string literals' contents as {@code x} and comments as spaces, same length. */
    public static String masked(String sql) {
        return new String(SqlMasks.mask(sql));
    }

    /**
     * The clauses of the one {@code ALTER TABLE} that turns {@code from} into {@code to} ("" when they are
     * equal), or empty when the change needs two statements or repartitions the table.
     */
    public static Optional<String> oneAlter(TableModel from, TableModel to, ServerInfo server) {
        TableDiffer.Alter a = new TableDiffer(server).diff(from, to);
        if (!a.preClauses().isEmpty() || a.partitionClause() != null) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", a.clauses()));
    }
}
