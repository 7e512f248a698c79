package dev.shadowbot.bot.store;

/**
 * SQL of {@link DeployProgress}: the live numbers of deploy requests that the status page and the
 * metrics read. Kept apart from {@link StateSql} because it is written by the deploy lifecycle and
 * read by the operator views, not by the webhook path. Times are epoch milliseconds (BIGINT), so
 * readers in any time zone agree; ages are computed by the server with TIMESTAMPDIFF.
 */
final class ProgressSql {
    private ProgressSql() {
    }

    static final String CREATE = """
            CREATE TABLE IF NOT EXISTS sb_deploy_progress (
              dr_id                 BIGINT NOT NULL,
              phase                 VARCHAR(24) NOT NULL,
              queued_ms             BIGINT NULL,
              rows_copied           BIGINT NOT NULL DEFAULT 0,
              rows_total            BIGINT NOT NULL DEFAULT 0,
              lag_ms                BIGINT NULL,
              cutover_stall_ms      BIGINT NULL,
              revert_window_ends_ms BIGINT NULL,
              revertible            TINYINT NULL,
              revert_blocker        TEXT NULL,
              updated_at            DATETIME(3) NOT NULL,
              PRIMARY KEY (dr_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";

    static final String UPSERT = """
            INSERT INTO sb_deploy_progress (dr_id, phase, queued_ms, rows_copied, rows_total, lag_ms,
                                            cutover_stall_ms, revert_window_ends_ms, revertible, revert_blocker,
                                            updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(3))
            ON DUPLICATE KEY UPDATE phase = VALUES(phase), queued_ms = VALUES(queued_ms),
                   rows_copied = VALUES(rows_copied), rows_total = VALUES(rows_total), lag_ms = VALUES(lag_ms),
                   cutover_stall_ms = VALUES(cutover_stall_ms),
                   revert_window_ends_ms = VALUES(revert_window_ends_ms), revertible = VALUES(revertible),
                   revert_blocker = VALUES(revert_blocker), updated_at = NOW(3)""";

    /** Newest first; the page shows at most this many. */
    static final int LIMIT = 200;

    /**
     * Deploy requests with their progress row and their latest deploy-queue row (the lifecycle's
     * {@code sb_deploy_queue}); the queue times are turned into epoch ms / seconds-left by the server
     * that wrote them, so no time zone is involved.
     */
    static final String STATUS = """
            SELECT d.id, d.repo, d.pr_number, d.database_name, d.head_sha, d.state, d.change_count, d.summary,
                   TIMESTAMPDIFF(SECOND, d.updated_at, NOW(3)),
                   p.phase, p.queued_ms, p.rows_copied, p.rows_total, p.lag_ms, p.cutover_stall_ms,
                   p.revert_window_ends_ms, p.revertible, p.revert_blocker,
                   q.status, UNIX_TIMESTAMP(q.queued_at) * 1000, q.progress, q.cutover_lock_ms,
                   TIMESTAMPDIFF(SECOND, NOW(3), q.cutover_at + INTERVAL q.revert_window_seconds SECOND)
            FROM sb_deploy_request d
            LEFT JOIN sb_deploy_progress p ON p.dr_id = d.id
            LEFT JOIN sb_deploy_queue q ON q.id = (
                SELECT MAX(q2.id) FROM sb_deploy_queue q2
                WHERE q2.repo = d.repo AND q2.pr_number = d.pr_number AND q2.database_name = d.database_name)
            ORDER BY d.updated_at DESC, d.id DESC
            LIMIT\s""" + LIMIT;

    /** Events not finished yet (due or being handled), and events parked for an operator. */
    static final String INBOX_DEPTH = """
            SELECT COALESCE(SUM(status IN ('PENDING', 'PROCESSING')), 0), COALESCE(SUM(status = 'PARKED'), 0)
            FROM sb_inbox""";

    static final String PING = "SELECT 1";
}
