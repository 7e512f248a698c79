package dev.shadowbot.engine.copy;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import java.util.List;
import java.util.stream.Collectors;

/** SQL of the chunked copy. */
final class CopySql {
    private CopySql() {
    }

    static String columnList(List<String> cols) {
        return cols.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    /** SELECT key FROM live FORCE INDEX(k) [WHERE range] ORDER BY key LIMIT 1 OFFSET ?. */
    static String boundary(String schema, String live, String index, List<String> key, KeysetSql.Range range) {
        return "SELECT " + columnList(key) + " FROM " + Identifiers.qualified(schema, live)
                + " FORCE INDEX (" + Identifiers.quote(index) + ")" + range.whereClause()
                + " ORDER BY " + columnList(key) + " LIMIT 1 OFFSET ?";
    }

    /**
     * The copy's locking clause. The locking read matters: a transaction is in the binlog (and may
     * already be applied) before its rows are visible to a plain snapshot read, so a non-locking copy
     * could bring back a row whose delete was just applied; a shared lock cannot be had on a row such
     * a transaction still holds. NOWAIT makes the copy fail at once instead of waiting for it: a copy
     * that never waits on a row lock is never part of a deadlock cycle, so InnoDB never has to kill a
     * client to break one (the caller retries the chunk). MariaDB 10.3+ spells it
     * {@code LOCK IN SHARE MODE NOWAIT}, MySQL 8 {@code FOR SHARE NOWAIT}; older servers get the
     * waiting read.
     */
    static String lockClause(ServerInfo info) {
        if (info.isMariaDb()) {
            return info.atLeast(10, 3, 0) ? " LOCK IN SHARE MODE NOWAIT" : " LOCK IN SHARE MODE";
        }
        return info.atLeast(8, 0, 0) ? " FOR SHARE NOWAIT" : " LOCK IN SHARE MODE";
    }

    /** INSERT IGNORE INTO shadow (cols) SELECT cols FROM live FORCE INDEX(k) [WHERE range] &lt;lock&gt;. */
    static String copy(String schema, String live, String shadow, String index, List<String> shadowCols,
                       List<String> liveCols, KeysetSql.Range range, String lock) {
        return "INSERT IGNORE INTO " + Identifiers.qualified(schema, shadow) + " (" + columnList(shadowCols) + ")"
                + " SELECT " + columnList(liveCols) + " FROM " + Identifiers.qualified(schema, live)
                + " FORCE INDEX (" + Identifiers.quote(index) + ")" + range.whereClause() + lock;
    }

    static String deleteRange(String schema, String shadow, KeysetSql.Range range) {
        return "DELETE FROM " + Identifiers.qualified(schema, shadow) + range.whereClause();
    }

    /** Session settings of copy connections: no auto-increment surprises, UTC for TIMESTAMP text. */
    static final String SESSION = "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION',"
            + " time_zone = '+00:00'";

    /** READ COMMITTED: the copy's locking read takes record locks only, no gap locks that block inserts. */
    static final String ISOLATION = "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";
}
