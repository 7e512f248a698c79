package dev.shadowbot.engine.store;

import dev.shadowbot.engine.db.Identifiers;
import java.util.List;

/**
 * All SQL of the sidecar store. The store schema is versioned: {@link #STEPS} is append-only, each
 * step idempotent, and {@code store_version} records which steps ran.
 */
final class StoreSql {
    private StoreSql() {
    }

    static final String SCHEMA = "_shadowbot";

    static String t(String table) {
        return Identifiers.qualified(SCHEMA, table);
    }

    static final String CREATE_SCHEMA = "CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(SCHEMA)
            + " CHARACTER SET utf8mb4";
    static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS " + t("store_version")
            + " (version INT NOT NULL PRIMARY KEY, applied_at DATETIME(6) NOT NULL) ENGINE=InnoDB";
    static final String SELECT_VERSIONS = "SELECT version FROM " + t("store_version");
    static final String INSERT_VERSION = "INSERT IGNORE INTO " + t("store_version") + " VALUES (?, NOW(6))";

    private static String statusColumns() {
        StringBuilder sb = new StringBuilder();
        for (DeployStatus s : DeployStatus.values()) {
            sb.append(Identifiers.quote(s.timestampColumn())).append(" DATETIME(6) NULL, ");
        }
        return sb.toString();
    }

    /** Version 1: deploy requests, per-table migrations, leases. */
    static final List<String> V1 = List.of(
            "CREATE TABLE IF NOT EXISTS " + t("deploy_requests") + " ("
                    + "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "target_schema VARCHAR(64) NOT NULL, "
                    + "spec LONGTEXT NOT NULL, "
                    + "status VARCHAR(32) NOT NULL, "
                    + "created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
                    + statusColumns()
                    + "updated_at DATETIME(6) NULL, "
                    + "start_binlog_file VARCHAR(255) NULL, start_binlog_pos BIGINT NULL, start_gtid TEXT NULL, "
                    + "binlog_file VARCHAR(255) NULL, binlog_pos BIGINT NULL, binlog_gtid TEXT NULL, "
                    + "control_request VARCHAR(32) NULL, "
                    + "error_text TEXT NULL, "
                    + "KEY ix_status (status)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE IF NOT EXISTS " + t("migrations") + " ("
                    + "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "deploy_request_id BIGINT NOT NULL, "
                    + "table_name VARCHAR(64) NOT NULL, "
                    + "shadow_table VARCHAR(64) NOT NULL, "
                    + "alter_clauses LONGTEXT NOT NULL, "
                    + "status VARCHAR(32) NOT NULL, "
                    + "created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
                    + statusColumns()
                    + "updated_at DATETIME(6) NULL, "
                    + "rows_copied BIGINT NOT NULL DEFAULT 0, rows_total BIGINT NOT NULL DEFAULT 0, "
                    + "copy_high_water LONGTEXT NULL, copy_done TINYINT NOT NULL DEFAULT 0, "
                    + "binlog_file VARCHAR(255) NULL, binlog_pos BIGINT NULL, "
                    + "error_text TEXT NULL, "
                    + "UNIQUE KEY ux_dr_table (deploy_request_id, table_name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
            "CREATE TABLE IF NOT EXISTS " + t("leases") + " ("
                    + "resource VARCHAR(128) NOT NULL PRIMARY KEY, "
                    + "owner VARCHAR(128) NOT NULL, "
                    + "expires_at DATETIME(6) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");

    /** Version 2: where and how the cutover happened (the reverse stream starts there). */
    static final List<String> V2 = List.of(
            "ALTER TABLE " + t("deploy_requests") + " ADD COLUMN cutover_binlog_file VARCHAR(255) NULL,"
                    + " ADD COLUMN cutover_binlog_pos BIGINT NULL, ADD COLUMN cutover_lock_ms BIGINT NULL");

    /**
     * Version 3: the revert window. {@code revert_window_s} is chosen when the request is created;
     * {@code window_ends_at} is set at cutover (server clock);
     * {@code not_revertible} holds the table, key and reason of the first change the old table could not
     * take (reverse sync stops there and revert is refused with it).
     */
    static final List<String> V3 = List.of(
            "ALTER TABLE " + t("deploy_requests") + " ADD COLUMN window_ends_at DATETIME(6) NULL,"
                    + " ADD COLUMN not_revertible TEXT NULL, ADD COLUMN revert_window_s BIGINT NULL");

    /** Version 4: how long the revert write-locked the tables (the revert's write stall). */
    static final List<String> V4 = List.of(
            "ALTER TABLE " + t("deploy_requests") + " ADD COLUMN revert_lock_ms BIGINT NULL");

    /**
     * Version 5: one open deploy request per table. A request claims each table it alters or drops in
     * the transaction that creates it (the primary key makes a second claim fail, so two deploys at once
     * cannot both pass); the claim goes when the request reaches a terminal state.
     */
    static final List<String> V5 = List.of(
            "CREATE TABLE IF NOT EXISTS " + t("table_claims") + " ("
                    + "target_schema VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL, "
                    + "deploy_request_id BIGINT NOT NULL, claimed_at DATETIME(6) NOT NULL, "
                    + "PRIMARY KEY (target_schema, table_name), KEY ix_claim_dr (deploy_request_id))"
                    + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");

    /**
     * Version 6: how a request was asked for, so that re-running the same {@code deploy} continues it: the
     * desired schema's fingerprint (SHA-256 of the schema folder) and the intent ({@code cutover} at once,
     * or {@code defer}). A table of its own: requests the bot creates have none.
     */
    static final List<String> V6 = List.of(
            "CREATE TABLE IF NOT EXISTS " + t("request_origins") + " ("
                    + "deploy_request_id BIGINT NOT NULL PRIMARY KEY, "
                    + "desired_fingerprint CHAR(64) NOT NULL, "
                    + "intent VARCHAR(16) NOT NULL, "
                    + "created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");

    /** Version 7: the driver's stream lag, written with each lease renewal, for a status run by another process. */
    static final List<String> V7 = List.of(
            "CREATE TABLE IF NOT EXISTS " + t("stream_lag") + " ("
                    + "deploy_request_id BIGINT NOT NULL PRIMARY KEY, "
                    + "lag_ms BIGINT NOT NULL, backlog BIGINT NOT NULL, "
                    + "measured_at DATETIME(6) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");

    /** Append-only list of versioned steps; index + 1 = version. */
    static final List<List<String>> STEPS = List.of(V1, V2, V3, V4, V5, V6, V7);

    static final String INSERT_CLAIM = "INSERT INTO " + t("table_claims") + " VALUES (?, ?, ?, NOW(6))";
    static final String SELECT_CLAIM = "SELECT c.deploy_request_id, d.status FROM " + t("table_claims") + " c LEFT JOIN "
            + t("deploy_requests") + " d ON d.id = c.deploy_request_id WHERE c.target_schema = ? AND c.table_name = ?"
            + " FOR UPDATE";
    static final String DELETE_CLAIM = "DELETE FROM " + t("table_claims")
            + " WHERE target_schema = ? AND table_name = ? AND deploy_request_id = ?";
    static final String RELEASE_CLAIMS = "DELETE FROM " + t("table_claims") + " WHERE deploy_request_id = ?";
    static final int ER_DUP_ENTRY = 1062;

    static final String UPSERT_LAG = "REPLACE INTO " + t("stream_lag")
            + " (deploy_request_id, lag_ms, backlog, measured_at) VALUES (?, ?, ?, NOW(6))";
    /** The lag a live driver measured within the last {@code ?} seconds (server clock). */
    static final String SELECT_RECENT_LAG = "SELECT lag_ms, backlog FROM " + t("stream_lag")
            + " WHERE deploy_request_id = ? AND measured_at >= NOW(6) - INTERVAL ? SECOND";
    static final String INSERT_ORIGIN = "INSERT INTO " + t("request_origins")
            + " (deploy_request_id, desired_fingerprint, intent) VALUES (?, ?, ?)";
    static final String SELECT_ORIGIN = "SELECT desired_fingerprint, intent FROM " + t("request_origins")
            + " WHERE deploy_request_id = ?";
    /** The newest request of a schema that has not cut over yet (a re-run of its deploy continues it). */
    static final String SELECT_OPEN_BEFORE_CUTOVER = "SELECT id, status FROM " + t("deploy_requests")
            + " WHERE target_schema = ? AND status IN ('queued','preparing','copying','checksumming','staged',"
            + "'cutting_over') ORDER BY id DESC LIMIT 1";
    static final String STORE_EXISTS = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
            + SCHEMA + "' AND TABLE_NAME = 'request_origins'";

    /** A concurrent opener already ran the step (MySQL has no ADD COLUMN IF NOT EXISTS). */
    static final int ER_DUP_FIELDNAME = 1060;

    static final String INSERT_DR = "INSERT INTO " + t("deploy_requests")
            + " (target_schema, spec, status, queued_at, updated_at, revert_window_s) VALUES (?, ?, 'queued', NOW(6), NOW(6), ?)";
    static final String INSERT_MIGRATION = "INSERT INTO " + t("migrations")
            + " (deploy_request_id, table_name, shadow_table, alter_clauses, status, queued_at, updated_at)"
            + " VALUES (?, ?, ?, ?, 'queued', NOW(6), NOW(6))";

    static final String SELECT_DR = "SELECT id, target_schema, spec, status, created_at, staged_at, updated_at,"
            + " start_binlog_file, start_binlog_pos, start_gtid, binlog_file, binlog_pos, binlog_gtid,"
            + " control_request, error_text, cutover_binlog_file, cutover_binlog_pos, cutover_lock_ms,"
            + " window_ends_at, window_ends_at <= NOW(6), not_revertible,"
            + " revert_window_s, revert_lock_ms FROM "
            + t("deploy_requests") + " WHERE id = ?";
    static final String SELECT_LATEST_ACTIVE_DR = "SELECT id FROM " + t("deploy_requests")
            + " WHERE target_schema = ? AND status NOT IN ('complete','reverted','cancelled','failed')"
            + " ORDER BY id DESC LIMIT 1";
    /** Requests whose revert window has ended (server clock) but that are still in it. */
    static final String SELECT_EXPIRED_WINDOWS = "SELECT id FROM " + t("deploy_requests")
            + " WHERE status = 'reverse_syncing' AND (window_ends_at <= NOW(6) OR control_request = 'skip_revert') ORDER BY id";
    static final String SELECT_LATEST_DR = "SELECT id FROM " + t("deploy_requests") + " ORDER BY id DESC LIMIT 1";
    /** The newest requests of one schema ({@code ?} = schema) or, with NULL, of the whole server. */
    static final String SELECT_RECENT_DRS = "SELECT id FROM " + t("deploy_requests")
            + " WHERE (? IS NULL OR target_schema = ?) ORDER BY id DESC LIMIT ?";
    static final String SELECT_MIGRATIONS = "SELECT id, table_name, shadow_table, alter_clauses, status,"
            + " rows_copied, rows_total, copy_high_water, copy_done, error_text FROM " + t("migrations")
            + " WHERE deploy_request_id = ? ORDER BY id";

    /** %s = the quoted timestamp column of the target state. */
    static final String TRANSITION_DR = "UPDATE " + t("deploy_requests")
            + " SET status = ?, %s = NOW(6), updated_at = NOW(6), error_text = COALESCE(?, error_text)"
            + " WHERE id = ? AND status = ?";
    static final String TRANSITION_MIGRATIONS = "UPDATE " + t("migrations")
            + " SET status = ?, %s = NOW(6), updated_at = NOW(6), error_text = COALESCE(?, error_text)"
            + " WHERE deploy_request_id = ? AND status = ?";

    static final String SET_START_POSITION = "UPDATE " + t("deploy_requests")
            + " SET start_binlog_file = ?, start_binlog_pos = ?, start_gtid = ?,"
            + " binlog_file = ?, binlog_pos = ?, binlog_gtid = ?, updated_at = NOW(6) WHERE id = ?";
    static final String SET_STREAM_CHECKPOINT = "UPDATE " + t("deploy_requests")
            + " SET binlog_file = ?, binlog_pos = ?, binlog_gtid = ?, updated_at = NOW(6) WHERE id = ?";
    /**
     * The same inside a shadow transaction, on a connection whose session time zone may not be the
     * store's: {@code updated_at} is left to the store's own next write.
     */
    static final String SET_STREAM_CHECKPOINT_IN_TXN = "UPDATE " + t("deploy_requests")
            + " SET binlog_file = ?, binlog_pos = ?, binlog_gtid = ? WHERE id = ?";
    static final String SET_COPY_CHECKPOINT = "UPDATE " + t("migrations")
            + " SET rows_copied = ?, copy_high_water = ?, copy_done = ?, binlog_file = ?, binlog_pos = ?,"
            + " updated_at = NOW(6) WHERE id = ?";
    static final String SET_ROWS_TOTAL = "UPDATE " + t("migrations") + " SET rows_total = ? WHERE id = ?";
    static final String RESET_COPY = "UPDATE " + t("migrations")
            + " SET rows_copied = 0, copy_high_water = NULL, copy_done = 0 WHERE deploy_request_id = ?";
    static final String SET_CONTROL = "UPDATE " + t("deploy_requests")
            + " SET control_request = ? WHERE id = ? AND status NOT IN ('complete','reverted','cancelled','failed')";

    static final String SET_REVERT_LOCK = "UPDATE " + t("deploy_requests")
            + " SET revert_lock_ms = ?, updated_at = NOW(6) WHERE id = ?";
    static final String CLEAR_CONTROL = "UPDATE " + t("deploy_requests") + " SET control_request = NULL WHERE id = ?";
    /**
     * The stream checkpoint (with its GTID state) moves to the cutover position too: the reverse stream
     * starts there.
     */
    static final String SET_CUTOVER = "UPDATE " + t("deploy_requests")
            + " SET cutover_binlog_file = ?, cutover_binlog_pos = ?, cutover_lock_ms = ?, binlog_file = ?, binlog_pos = ?,"
            + " binlog_gtid = ?,"
            + " window_ends_at = NOW(6) + INTERVAL ? SECOND, updated_at = NOW(6) WHERE id = ?";
    static final String SET_WINDOW_END = "UPDATE " + t("deploy_requests")
            + " SET window_ends_at = NOW(6) + INTERVAL ? SECOND, updated_at = NOW(6) WHERE id = ? AND window_ends_at IS NULL";
    static final String SET_ERROR = "UPDATE " + t("deploy_requests")
            + " SET error_text = ?, updated_at = NOW(6) WHERE id = ?";
    static final String SET_NOT_REVERTIBLE = "UPDATE " + t("deploy_requests")
            + " SET not_revertible = COALESCE(not_revertible, ?), updated_at = NOW(6) WHERE id = ?";

    static final String LEASE_INSERT = "INSERT IGNORE INTO " + t("leases")
            + " (resource, owner, expires_at) VALUES (?, ?, NOW(6) + INTERVAL ? SECOND)";
    static final String LEASE_TAKE = "UPDATE " + t("leases")
            + " SET owner = ?, expires_at = NOW(6) + INTERVAL ? SECOND"
            + " WHERE resource = ? AND (owner = ? OR expires_at < NOW(6))";
    static final String LEASE_RELEASE = "DELETE FROM " + t("leases") + " WHERE resource = ? AND owner = ?";
    static final String LEASE_HOLDER = "SELECT owner, expires_at > NOW(6) FROM " + t("leases") + " WHERE resource = ?";
}
