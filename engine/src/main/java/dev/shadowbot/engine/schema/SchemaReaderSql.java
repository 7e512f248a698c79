package dev.shadowbot.engine.schema;

/** SQL of {@link SchemaReader}: one bulk information_schema query per kind of object. */
final class SchemaReaderSql {
    private SchemaReaderSql() {
    }

    static final String SCHEMA_DEFAULTS =
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
                    + " WHERE SCHEMA_NAME = ?";

    static final String SERVER_DEFAULTS = "SELECT @@character_set_server, @@collation_server";

    static final String TABLES =
            "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, ROW_FORMAT, TABLE_COMMENT FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";

    static final String COLUMNS =
            "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE,"
                    + " CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION";

    /** MySQL 8 has functional key parts (EXPRESSION); MariaDB does not. */
    static final String STATISTICS_MYSQL =
            "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, EXPRESSION"
                    + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                    + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

    static final String STATISTICS_MARIADB =
            "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, NULL AS EXPRESSION"
                    + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                    + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

    /** Followed by the quoted, schema-qualified table name. */
    static final String SHOW_CREATE_TABLE = "SHOW CREATE TABLE ";
}
