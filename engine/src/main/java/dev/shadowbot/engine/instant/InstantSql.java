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
    /** Transactions of other connections open longer than ? seconds (they may hold a table's metadata lock). */
    static final String LONG_TRANSACTIONS = "SELECT trx_mysql_thread_id, TIMESTAMPDIFF(SECOND, trx_started, NOW()) "
            + "FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID() "
            + "AND trx_started <= NOW() - INTERVAL ? SECOND";
    /** MySQL: connections holding a metadata lock on a table of the schema. */
    static final String MYSQL_MDL_HOLDERS = "SELECT t.PROCESSLIST_ID, ml.OBJECT_NAME FROM performance_schema.metadata_locks ml "
            + "JOIN performance_schema.threads t ON t.THREAD_ID = ml.OWNER_THREAD_ID WHERE ml.OBJECT_TYPE = 'TABLE' "
            + "AND ml.OBJECT_SCHEMA = ? AND ml.LOCK_STATUS = 'GRANTED'";
    /** MariaDB with the metadata_lock_info plugin: connections holding a metadata lock on a table of the schema. */
    static final String MARIADB_MDL_HOLDERS = "SELECT THREAD_ID, TABLE_NAME FROM information_schema.METADATA_LOCK_INFO "
            + "WHERE TABLE_SCHEMA = ?";

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
