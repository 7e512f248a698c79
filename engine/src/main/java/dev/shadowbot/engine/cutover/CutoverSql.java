package dev.shadowbot.engine.cutover;

/** SQL of the sentry-table cutover; %s slots take identifiers quoted through Identifiers. */
final class CutoverSql {
    private CutoverSql() {
    }

    static final String CONNECTION_ID = "SELECT CONNECTION_ID()";
    static final String SET_LOCK_WAIT = "SET SESSION lock_wait_timeout = ?";
    /** MariaDB and MySQL both stop waiting for InnoDB row locks after this. */
    static final String SET_INNODB_WAIT = "SET SESSION innodb_lock_wait_timeout = ?";
    /**
     * The sentry: a real (not temporary) table under the retired name, so a dead A blocks the RENAME.
     * The second slot is its engine ({@link SentryCutover}: MEMORY, else InnoDB).
     */
    static final String CREATE_SENTRY = "CREATE TABLE %s (id INT NOT NULL PRIMARY KEY) ENGINE=%s "
            + "COMMENT='shadowbot cutover sentry: safe to drop when no cutover is running'";
    static final String DROP_SENTRY = "DROP TABLE IF EXISTS %s";
    static final String LOCK_TABLES = "LOCK TABLES %s";
    static final String UNLOCK_TABLES = "UNLOCK TABLES";
    static final String RENAME = "RENAME TABLE %s";
    static final String KILL = "KILL %d";
    static final String WAITER_STATE = "SELECT STATE, INFO FROM information_schema.PROCESSLIST WHERE ID = ?";
    static final String TABLE_EXISTS = "SELECT COUNT(*) FROM information_schema.TABLES "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
}
