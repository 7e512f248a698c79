package dev.shadowbot.bot.store;

import java.util.List;

/** Every SQL statement of the bot's state database. Table names are fixed; values are bind parameters. */
final class StateSql {
    private StateSql() {
    }

    static final List<String> SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS sb_inbox (
              delivery_id     VARCHAR(100) NOT NULL,
              seq             BIGINT NOT NULL AUTO_INCREMENT,
              event           VARCHAR(64) NOT NULL,
              payload_bytes   INT NOT NULL,
              status          VARCHAR(16) NOT NULL,
              attempts        INT NOT NULL DEFAULT 0,
              next_attempt_at DATETIME(3) NOT NULL,
              claimed_by      VARCHAR(100) NULL,
              claimed_until   DATETIME(3) NULL,
              last_error      TEXT NULL,
              received_at     DATETIME(3) NOT NULL,
              finished_at     DATETIME(3) NULL,
              PRIMARY KEY (delivery_id),
              UNIQUE KEY uk_sb_inbox_seq (seq),
              KEY ix_sb_inbox_due (status, next_attempt_at)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
            // The payload lives apart from the status row: it is written once, while the status row is
            // updated several times, and with binlog_row_image=FULL every update would log the blob again.
            """
            CREATE TABLE IF NOT EXISTS sb_inbox_payload (
              delivery_id  VARCHAR(100) NOT NULL,
              payload_gzip LONGBLOB NOT NULL,
              PRIMARY KEY (delivery_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
            """
            CREATE TABLE IF NOT EXISTS sb_pull_request (
              repo              VARCHAR(255) NOT NULL,
              pr_number         INT NOT NULL,
              installation_id   BIGINT NOT NULL,
              head_sha          VARCHAR(64) NULL,
              state             VARCHAR(16) NOT NULL,
              sticky_comment_id BIGINT NULL,
              check_run_id      BIGINT NULL,
              check_run_sha     VARCHAR(64) NULL,
              updated_at        DATETIME(3) NOT NULL,
              PRIMARY KEY (repo, pr_number)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
            """
            CREATE TABLE IF NOT EXISTS sb_deploy_request (
              id            BIGINT NOT NULL AUTO_INCREMENT,
              repo          VARCHAR(255) NOT NULL,
              pr_number     INT NOT NULL,
              database_name VARCHAR(64) NOT NULL,
              head_sha      VARCHAR(64) NOT NULL,
              state         VARCHAR(24) NOT NULL,
              change_count  INT NOT NULL DEFAULT 0,
              summary       TEXT NULL,
              created_at    DATETIME(3) NOT NULL,
              updated_at    DATETIME(3) NOT NULL,
              PRIMARY KEY (id),
              UNIQUE KEY uk_sb_dr_pr_db (repo, pr_number, database_name)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
            // The deploy queue: one row per /deploy of one PR × database; active rows hold their database.
            """
            CREATE TABLE IF NOT EXISTS sb_deploy_queue (
              id                    BIGINT NOT NULL AUTO_INCREMENT,
              repo                  VARCHAR(255) NOT NULL,
              pr_number             INT NOT NULL,
              installation_id       BIGINT NOT NULL,
              database_name         VARCHAR(64) NOT NULL,
              head_sha              VARCHAR(64) NOT NULL,
              status                VARCHAR(16) NOT NULL,
              requested             VARCHAR(16) NULL,
              spec_json             MEDIUMTEXT NOT NULL,
              migration_id          BIGINT NULL,
              requested_by          VARCHAR(100) NOT NULL,
              revert_window_seconds BIGINT NOT NULL,
              progress              TEXT NULL,
              error                 TEXT NULL,
              queued_at             DATETIME(3) NOT NULL,
              updated_at            DATETIME(3) NOT NULL,
              staged_at             DATETIME(3) NULL,
              cutover_at            DATETIME(3) NULL,
              cutover_lock_ms       BIGINT NULL,
              PRIMARY KEY (id),
              KEY ix_sb_dq_db (database_name, status),
              KEY ix_sb_dq_pr (repo, pr_number)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
            // The App's installations as the installation webhooks last described them (deleted, suspended).
            """
            CREATE TABLE IF NOT EXISTS sb_installation (
              installation_id BIGINT NOT NULL,
              account         VARCHAR(100) NOT NULL,
              state           VARCHAR(16) NOT NULL,
              reason          TEXT NULL,
              changed_at      DATETIME(3) NOT NULL,
              PRIMARY KEY (installation_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
            // Which bot replica drives a database's queue; a lease that expires when its holder dies.
            """
            CREATE TABLE IF NOT EXISTS sb_database_lease (
              database_name VARCHAR(64) NOT NULL,
              owner         VARCHAR(100) NULL,
              lease_until   DATETIME(3) NULL,
              PRIMARY KEY (database_name)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
            // Which tables each PR's current plan changes, and since when: "also changed by #N".
            """
            CREATE TABLE IF NOT EXISTS sb_pr_table (
              repo             VARCHAR(255) NOT NULL,
              database_name    VARCHAR(64) NOT NULL,
              table_name       VARCHAR(64) NOT NULL,
              pr_number        INT NOT NULL,
              first_planned_at DATETIME(3) NOT NULL,
              PRIMARY KEY (repo, database_name, table_name, pr_number),
              KEY ix_sb_prt_pr (repo, pr_number)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");

    // ---- tables changed by open PRs ----
    static final String PRT_LIST = """
            SELECT table_name FROM sb_pr_table WHERE repo = ? AND pr_number = ? AND database_name = ?""";
    static final String PRT_INSERT = """
            INSERT IGNORE INTO sb_pr_table (repo, database_name, table_name, pr_number, first_planned_at)
            VALUES (?, ?, ?, ?, NOW(3))""";
    static final String PRT_DELETE = """
            DELETE FROM sb_pr_table WHERE repo = ? AND pr_number = ? AND database_name = ? AND table_name = ?""";
    /**
     * Earlier PRs (first planned the table before this one, ties by number) changing one of this PR's
     * tables that have not finished: still open, or with a deploy that is not done (incl. its revert window).
     */
    static final String PRT_EARLIER = """
            SELECT o.pr_number, o.database_name, o.table_name,
                   COALESCE((SELECT q.status FROM sb_deploy_queue q WHERE q.repo = o.repo AND q.pr_number = o.pr_number
                               AND q.database_name = o.database_name ORDER BY q.id DESC LIMIT 1), 'NOT_DEPLOYED')
            FROM sb_pr_table m
            JOIN sb_pr_table o ON o.repo = m.repo AND o.database_name = m.database_name AND o.table_name = m.table_name
                              AND o.pr_number <> m.pr_number
                              AND (o.first_planned_at < m.first_planned_at
                                   OR (o.first_planned_at = m.first_planned_at AND o.pr_number < m.pr_number))
            WHERE m.repo = ? AND m.pr_number = ?
              AND (EXISTS (SELECT 1 FROM sb_pull_request p WHERE p.repo = o.repo AND p.pr_number = o.pr_number
                                                            AND p.state = 'OPEN')
                   OR EXISTS (SELECT 1 FROM sb_deploy_queue q WHERE q.repo = o.repo AND q.pr_number = o.pr_number
                                 AND q.database_name = o.database_name
                                 AND q.status IN ('QUEUED', 'RUNNING', 'STAGED', 'WINDOW')))
            ORDER BY o.pr_number, o.database_name, o.table_name""";

    // ---- inbox ----
    static final String INBOX_INSERT = """
            INSERT INTO sb_inbox (delivery_id, event, payload_bytes, status, next_attempt_at, received_at, finished_at)
            VALUES (?, ?, ?, ?, NOW(3), NOW(3), IF(? = 'PENDING', NULL, NOW(3)))""";
    static final String INBOX_PAYLOAD_INSERT = """
            INSERT INTO sb_inbox_payload (delivery_id, payload_gzip) VALUES (?, ?)""";
    /** The oldest due event with its payload, locked; rows another worker holds are skipped, not waited for. */
    static final String INBOX_PICK_DUE = """
            SELECT i.delivery_id, i.event, p.payload_gzip, i.attempts
            FROM sb_inbox i JOIN sb_inbox_payload p ON p.delivery_id = i.delivery_id
            WHERE i.status = 'PENDING' AND i.next_attempt_at <= NOW(3)
            ORDER BY i.seq LIMIT 1 FOR UPDATE SKIP LOCKED""";
    static final String INBOX_CLAIM = """
            UPDATE sb_inbox SET status = 'PROCESSING', attempts = attempts + 1, claimed_by = ?,
                   claimed_until = NOW(3) + INTERVAL ? SECOND
            WHERE delivery_id = ? AND status = 'PENDING'""";
    static final String INBOX_FINISH = """
            UPDATE sb_inbox SET status = ?, finished_at = NOW(3), claimed_by = NULL, claimed_until = NULL
            WHERE delivery_id = ? AND status = 'PROCESSING' AND claimed_by = ?""";
    static final String INBOX_RETRY = """
            UPDATE sb_inbox SET status = 'PENDING', last_error = ?, claimed_by = NULL, claimed_until = NULL,
                   next_attempt_at = NOW(3) + INTERVAL ? MICROSECOND
            WHERE delivery_id = ? AND status = 'PROCESSING' AND claimed_by = ?""";
    /** Rescheduled for a GitHub rate limit: due at its reset, and the attempt does not count. */
    static final String INBOX_DEFER = """
            UPDATE sb_inbox SET status = 'PENDING', attempts = GREATEST(attempts - 1, 0), last_error = ?,
                   claimed_by = NULL, claimed_until = NULL, next_attempt_at = NOW(3) + INTERVAL ? MICROSECOND
            WHERE delivery_id = ? AND status = 'PROCESSING' AND claimed_by = ?""";
    static final String INBOX_PARK = """
            UPDATE sb_inbox SET status = 'PARKED', last_error = ?, finished_at = NOW(3), claimed_by = NULL,
                   claimed_until = NULL
            WHERE delivery_id = ? AND status = 'PROCESSING' AND claimed_by = ?""";
    /** A worker that died mid-event leaves a PROCESSING row whose claim expires; it is due again (or parked). */
    static final String INBOX_RELEASE_EXPIRED = """
            UPDATE sb_inbox SET status = IF(attempts >= ?, 'PARKED', 'PENDING'),
                   last_error = 'the worker processing this event stopped before finishing (claim expired)',
                   finished_at = IF(attempts >= ?, NOW(3), NULL), claimed_by = NULL, claimed_until = NULL
            WHERE status = 'PROCESSING' AND claimed_until < NOW(3)""";
    static final String INBOX_STATUS = """
            SELECT status, attempts, last_error, event FROM sb_inbox WHERE delivery_id = ?""";
    static final String INBOX_COUNT = "SELECT COUNT(*) FROM sb_inbox";
    /** The newest parked events with their payloads (to show which pull request each was about). */
    static final String INBOX_PARKED = """
            SELECT i.delivery_id, i.event, i.attempts, i.last_error, i.finished_at, p.payload_gzip
            FROM sb_inbox i JOIN sb_inbox_payload p ON p.delivery_id = i.delivery_id
            WHERE i.status = 'PARKED' ORDER BY i.seq DESC LIMIT ?""";
    /** An operator retries a parked event: due now, with fresh attempts (the only move out of PARKED). */
    static final String INBOX_REQUEUE = """
            UPDATE sb_inbox SET status = 'PENDING', attempts = 0, next_attempt_at = NOW(3), finished_at = NULL,
                   last_error = CONCAT('retried by an operator after: ', COALESCE(last_error, ''))
            WHERE delivery_id = ? AND status = 'PARKED'""";

    // ---- pull requests and deploy requests ----
    static final String PR_ENSURE = """
            INSERT INTO sb_pull_request (repo, pr_number, installation_id, state, updated_at)
            VALUES (?, ?, ?, 'OPEN', NOW(3))
            ON DUPLICATE KEY UPDATE installation_id = VALUES(installation_id)""";
    static final String PR_FOR_CHECK_SHA = """
            SELECT pr_number FROM sb_pull_request WHERE repo = ? AND (check_run_sha = ? OR head_sha = ?)
            ORDER BY updated_at DESC LIMIT 1""";
    static final String PR_LOCK = """
            SELECT head_sha, state, sticky_comment_id, check_run_id, check_run_sha
            FROM sb_pull_request WHERE repo = ? AND pr_number = ? FOR UPDATE""";
    static final String PR_UPDATE = """
            UPDATE sb_pull_request SET head_sha = ?, state = ?, sticky_comment_id = ?, check_run_id = ?,
                   check_run_sha = ?, updated_at = NOW(3)
            WHERE repo = ? AND pr_number = ?""";
    static final String DR_LIST = """
            SELECT id, database_name, head_sha, state, change_count, summary FROM sb_deploy_request
            WHERE repo = ? AND pr_number = ? ORDER BY database_name""";
    static final String DR_UPSERT = """
            INSERT INTO sb_deploy_request (repo, pr_number, database_name, head_sha, state, change_count, summary,
                                           created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, NOW(3), NOW(3))
            ON DUPLICATE KEY UPDATE head_sha = VALUES(head_sha), state = VALUES(state),
                   change_count = VALUES(change_count), summary = VALUES(summary), updated_at = NOW(3)""";
    static final String DR_SET_STATE = """
            UPDATE sb_deploy_request SET state = ?, updated_at = NOW(3)
            WHERE repo = ? AND pr_number = ? AND database_name = ? AND state = ?""";

    // ---- deploy queue ----
    private static final String DQ_COLUMNS = """
            id, repo, pr_number, installation_id, database_name, head_sha, status, requested, spec_json,
            migration_id, requested_by, revert_window_seconds, progress, error, queued_at, staged_at, cutover_at,
            cutover_lock_ms""";
    static final String DQ_INSERT = """
            INSERT INTO sb_deploy_queue (repo, pr_number, installation_id, database_name, head_sha, status, spec_json,
                                         requested_by, revert_window_seconds, queued_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, NOW(3), NOW(3))""";
    static final String DQ_BY_PR = "SELECT " + DQ_COLUMNS
            + " FROM sb_deploy_queue WHERE repo = ? AND pr_number = ? ORDER BY id";
    static final String DQ_BY_ID = "SELECT " + DQ_COLUMNS + " FROM sb_deploy_queue WHERE id = ?";
    /** The oldest unfinished row of a database: the one that holds (or gets) the database. */
    static final String DQ_HEAD = "SELECT " + DQ_COLUMNS + " FROM sb_deploy_queue"
            + " WHERE database_name = ? AND status IN ('QUEUED', 'RUNNING', 'STAGED') ORDER BY id LIMIT 1";
    static final String DQ_POSITION = """
            SELECT COUNT(*) FROM sb_deploy_queue
            WHERE database_name = ? AND status IN ('QUEUED', 'RUNNING', 'STAGED') AND id < ?""";
    static final String DQ_REQUEST = """
            UPDATE sb_deploy_queue SET requested = ?, updated_at = NOW(3)
            WHERE id = ? AND status IN ('QUEUED', 'RUNNING', 'STAGED', 'WINDOW')""";
    /**
     * Cancels what can no longer be controlled through GitHub (installation deleted or suspended, repository
     * removed from it): deploys not cut over get CANCEL with the reason; revert windows are left to end.
     */
    static final String DQ_CANCEL_FOR_INSTALLATION = """
            UPDATE sb_deploy_queue SET requested = 'CANCEL', error = ?, updated_at = NOW(3)
            WHERE installation_id = ? AND (? IS NULL OR repo = ?) AND status IN ('QUEUED', 'RUNNING', 'STAGED')""";
    static final String INSTALLATION_UPSERT = """
            INSERT INTO sb_installation (installation_id, account, state, reason, changed_at)
            VALUES (?, ?, ?, ?, NOW(3))
            ON DUPLICATE KEY UPDATE account = VALUES(account), state = VALUES(state), reason = VALUES(reason),
                                    changed_at = VALUES(changed_at)""";
    static final String INSTALLATION_GET = """
            SELECT account, state, reason FROM sb_installation WHERE installation_id = ?""";
    static final String DQ_WINDOW = "SELECT " + DQ_COLUMNS
            + " FROM sb_deploy_queue WHERE database_name = ? AND status = 'WINDOW' ORDER BY id";
    /** Guarded on the status read before, so a stale worker never overwrites a newer state. */
    static final String DQ_MOVE = """
            UPDATE sb_deploy_queue SET status = ?, migration_id = COALESCE(?, migration_id), progress = ?,
                   error = ?,
                   requested = IF(? IN ('WINDOW', 'CANCELLED', 'FAILED'), NULL, requested),
                   staged_at = IF(? = 'STAGED' AND staged_at IS NULL, NOW(3), staged_at),
                   cutover_at = IF(? IN ('WINDOW', 'COMPLETE') AND cutover_at IS NULL, NOW(3), cutover_at),
                   cutover_lock_ms = COALESCE(?, cutover_lock_ms), updated_at = NOW(3)
            WHERE id = ? AND status = ?""";
    static final String DQ_MOVE_HEAD = """
            UPDATE sb_deploy_queue SET head_sha = ?, updated_at = NOW(3)
            WHERE id = ? AND head_sha = ? AND status IN ('QUEUED', 'RUNNING', 'STAGED')""";
    static final String DQ_PROGRESS = """
            UPDATE sb_deploy_queue SET progress = ?, updated_at = NOW(3) WHERE id = ? AND status = ?""";
    static final String LEASE_ENSURE = """
            INSERT IGNORE INTO sb_database_lease (database_name, owner, lease_until) VALUES (?, NULL, NULL)""";
    /** Takes or renews the lease: free, expired, or already ours. One row changed = we hold it. */
    static final String LEASE_TAKE = """
            UPDATE sb_database_lease SET owner = ?, lease_until = NOW(3) + INTERVAL ? SECOND
            WHERE database_name = ? AND (owner IS NULL OR owner = ? OR lease_until < NOW(3))""";
    /** Extends a lease only while its owner still holds it. */
    static final String LEASE_RENEW = """
            UPDATE sb_database_lease SET lease_until = NOW(3) + INTERVAL ? SECOND
            WHERE database_name = ? AND owner = ?""";
    static final String LEASE_RELEASE = """
            UPDATE sb_database_lease SET owner = NULL, lease_until = NULL WHERE database_name = ? AND owner = ?""";
}
