package dev.shadowbot.bot.store;

import static dev.shadowbot.bot.store.StoreJdbc.nullableLong;
import static dev.shadowbot.bot.store.StoreJdbc.setLong;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.store.DeployStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The live progress of deploy requests, one row per deploy request, written by whoever drives it
 * (the deploy lifecycle) and read by the status page and {@code /metrics}. A deploy request without a
 * progress row is shown from its latest deploy-queue row when it has one ({@link QueueProgress}), else
 * with its planning state.
 */
public final class DeployProgress {
    private final DataSource ds;

    DeployProgress(DataSource ds) {
        this.ds = ds;
    }

    static void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(ProgressSql.CREATE);
        }
    }

    /**
     * Where a deploy request stands in its migration.
     *
     * @param phase              the engine's state of the migration
     * @param queuedAtMillis     when it entered its database's queue (epoch ms), or null
     * @param rowsCopied         rows copied into the shadow tables so far
     * @param rowsTotal          estimated rows to copy (0 = unknown)
     * @param lagMillis          how far the shadows' change stream is behind the source, or null
     * @param cutoverStallMillis how long writes waited during the cutover, or null before it
     * @param revertWindowEndsAtMillis end of the revert window (epoch ms), or null when no window is open
     * @param revertible         whether a revert is still safe; null = not known yet
     * @param revertBlocker      the row and reason that made it not revertible, or null
     */
    public record Progress(DeployStatus phase, Long queuedAtMillis, long rowsCopied, long rowsTotal, Long lagMillis,
                           Long cutoverStallMillis, Long revertWindowEndsAtMillis, Boolean revertible,
                           String revertBlocker) {
        /** Percent copied, 0–100, or -1 when the total is unknown. */
        public int percentCopied() {
            if (rowsTotal <= 0) {
                return -1;
            }
            return (int) Math.min(100, rowsCopied * 100 / rowsTotal);
        }
    }

    /** Creates or replaces the progress row of deploy request {@code deployRequestId}. */
    public void record(long deployRequestId, Progress p) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(ProgressSql.UPSERT)) {
            ps.setLong(1, deployRequestId);
            ps.setString(2, p.phase().dbName());
            setLong(ps, 3, p.queuedAtMillis());
            ps.setLong(4, p.rowsCopied());
            ps.setLong(5, p.rowsTotal());
            setLong(ps, 6, p.lagMillis());
            setLong(ps, 7, p.cutoverStallMillis());
            setLong(ps, 8, p.revertWindowEndsAtMillis());
            if (p.revertible() == null) {
                ps.setNull(9, Types.TINYINT);
            } else {
                ps.setInt(9, p.revertible() ? 1 : 0);
            }
            ps.setString(10, p.revertBlocker());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("record the progress of deploy request " + deployRequestId, e);
        }
    }

    /** Deploy requests, newest first (at most 200), each with its progress when it has one. */
    public List<DeployRequestStatus> statuses() {
        List<DeployRequestStatus> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(ProgressSql.STATUS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Progress progress = null;
                String phase = rs.getString(10);
                String queueStatus = rs.getString(19);
                if (phase == null && queueStatus != null) {
                    progress = QueueProgress.fromQueueRow(queueStatus, nullableLong(rs, 20), rs.getString(21),
                            nullableLong(rs, 22), nullableLong(rs, 23), System.currentTimeMillis());
                } else if (phase != null) {
                    int revertible = rs.getInt(17);
                    Boolean rev = rs.wasNull() ? null : revertible != 0;
                    progress = new Progress(DeployStatus.fromDb(phase), nullableLong(rs, 11), rs.getLong(12),
                            rs.getLong(13), nullableLong(rs, 14), nullableLong(rs, 15), nullableLong(rs, 16), rev,
                            rs.getString(18));
                }
                out.add(new DeployRequestStatus(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getLong(9), progress));
            }
        } catch (SQLException e) {
            throw failure("read deploy request statuses", e);
        }
        return out;
    }

    private static ShadowbotException failure(String what, SQLException e) {
        return ShadowbotException.database("cannot " + what + " in the state database: " + e.getMessage(),
                "check that the state database is reachable", e);
    }
}
