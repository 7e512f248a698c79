package dev.shadowbot.engine.schema;

/** SQL of {@link Workspace}. Schema names are added through {@code Identifiers.quote}. */
final class WorkspaceSql {
    private WorkspaceSql() {
    }

    /** Prefix of workspace schema names; {@link SchemaReader} ignores such names on the live side. */
    static final String PREFIX = "_shadowbot_ws_";

    /** {@code CREATE DATABASE <ws> CHARACTER SET <cs> COLLATE <coll>}: the parts are joined in code. */
    static final String CREATE_DATABASE = "CREATE DATABASE ";
    static final String CHARACTER_SET = " CHARACTER SET ";
    static final String COLLATE = " COLLATE ";
    static final String DROP_DATABASE = "DROP DATABASE IF EXISTS ";
    static final String USE = "USE ";

    static final String SELECT_SQL_MODE = "SELECT @@SESSION.sql_mode";
    static final String SET_SQL_MODE = "SET SESSION sql_mode = ?";
    static final String FK_CHECKS_ON = "SET SESSION foreign_key_checks = 1";
    static final String FK_CHECKS_OFF = "SET SESSION foreign_key_checks = 0";
    /** Workspace DDL has no business on replicas; needs SUPER/BINLOG ADMIN, so failure is tolerated. */
    static final String NO_BINLOG = "SET SESSION sql_log_bin = 0";
    static final String BINLOG_BACK_ON = "SET SESSION sql_log_bin = 1";
    static final String QUOTE_SHOW_CREATE = "SET SESSION sql_quote_show_create = 1";
}
