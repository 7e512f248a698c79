package dev.shadowbot.engine.instant;

import dev.shadowbot.engine.db.Identifiers;

/** SQL of the instant path. Identifiers only through {@link Identifiers}. */
final class InstantSql {
    /** The planner's workspace prefix: schemas named so are scratch space, ignored and dropped by shadowbot. */
    static final String WORKSPACE_PREFIX = "_shadowbot_ws_";
    static final String NO_BINLOG = "SET SESSION sql_log_bin = 0";
    static final String BINLOG_ON = "SET SESSION sql_log_bin = 1";
    static final String SET_LOCK_WAIT = "SET SESSION lock_wait_timeout = ?";
    static final String UNLOCK = "UNLOCK TABLES";
    static final String INSTANT = ", ALGORITHM=INSTANT";

    private InstantSql() {
    }

    static String createDatabase(String name, String charset, String collation) {
        return "CREATE DATABASE " + Identifiers.quote(name) + " CHARACTER SET " + Identifiers.quote(charset)
                + " COLLATE " + Identifiers.quote(collation);
    }

    static String dropDatabase(String name) {
        return "DROP DATABASE IF EXISTS " + Identifiers.quote(name);
    }

    static String createLike(String toSchema, String table, String fromSchema) {
        return "CREATE TABLE " + Identifiers.qualified(toSchema, table) + " LIKE " + Identifiers.qualified(fromSchema, table);
    }

    static String dropTable(String schema, String table) {
        return "DROP TABLE IF EXISTS " + Identifiers.qualified(schema, table);
    }

    /** {@code ALTER TABLE s.t <clauses>, ALGORITHM=INSTANT}: the server refuses rather than copy. */
    static String alterInstant(String schema, String table, String clauses) {
        return "ALTER TABLE " + Identifiers.qualified(schema, table) + " " + clauses + INSTANT;
    }

    static String alter(String schema, String table, String clauses) {
        return "ALTER TABLE " + Identifiers.qualified(schema, table) + " " + clauses;
    }

    static String renameColumn(String from, String to) {
        return "RENAME COLUMN " + Identifiers.quote(from) + " TO " + Identifiers.quote(to);
    }

    static String lockWrite(String schema, java.util.List<String> tables) {
        StringBuilder b = new StringBuilder("LOCK TABLES ");
        for (int i = 0; i < tables.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(Identifiers.qualified(schema, tables.get(i))).append(" WRITE");
        }
        return b.toString();
    }
}
