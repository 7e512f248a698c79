package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.db.Identifiers;

/** SQL that creates and drops shadow tables. */
final class ShadowSql {
    private ShadowSql() {
    }

    static String createLike(String schema, String shadow, String live) {
        return "CREATE TABLE " + Identifiers.qualified(schema, shadow) + " LIKE " + Identifiers.qualified(schema, live);
    }

    /** The planner's ALTER clauses run unchanged against the shadow. */
    static String alter(String schema, String shadow, String clauses) {
        return "ALTER TABLE " + Identifiers.qualified(schema, shadow) + " " + clauses;
    }

    static String dropIfExists(String schema, String table) {
        return "DROP TABLE IF EXISTS " + Identifiers.qualified(schema, table);
    }

    static final String TABLES_IN_SCHEMA = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?";

    /** MySQL/MariaDB error 1050: table already exists (a resumed preparation re-running CREATE TABLE). */
    static final int ER_TABLE_EXISTS = 1050;
}
