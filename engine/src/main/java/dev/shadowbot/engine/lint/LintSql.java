package dev.shadowbot.engine.lint;

/** SQL of the data-dependent checks; identifiers are quoted by the caller through Identifiers. */
final class LintSql {
    private LintSql() {
    }

    /** %1$s = qualified table, %2$s = quoted column. */
    static final String NULL_COUNT = "SELECT COUNT(*) FROM %1$s WHERE %2$s IS NULL";

    /** %1$s = qualified table, %2$s = quoted column list, %3$s = "col IS NOT NULL AND …". */
    static final String DUPLICATES = "SELECT COUNT(*), COALESCE(SUM(n - 1), 0), MIN(v) FROM ("
            + "SELECT COUNT(*) AS n, MIN(CONCAT_WS(', ', %2$s)) AS v FROM %1$s WHERE %3$s GROUP BY %2$s HAVING COUNT(*) > 1"
            + ") AS d";

    static final String TRIGGERS = "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
            + " WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? ORDER BY TRIGGER_NAME";

    static final String AUTO_INCREMENT = "SELECT AUTO_INCREMENT FROM information_schema.TABLES "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

    static final String REFERENCED_BY = "SELECT DISTINCT TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE "
            + "WHERE REFERENCED_TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME = ? AND TABLE_NAME <> ? ORDER BY TABLE_NAME";
}
