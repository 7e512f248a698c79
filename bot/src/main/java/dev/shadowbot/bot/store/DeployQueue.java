package dev.shadowbot.bot.store;

import static dev.shadowbot.bot.store.StoreJdbc.nullableLong;
import static dev.shadowbot.bot.store.StoreJdbc.setLong;

import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The deploy queue in the state database. Each {@code /deploy} of one PR × database is a row; the
 * oldest unfinished row of a database holds it (first come, first served), so at most one migration
 * runs per database. Which bot replica drives a database is decided by a lease row taken with a
 * guarded UPDATE ({@link #takeLease}); every state change is guarded on the status read before.
 */
public final class DeployQueue {
    /**
     * A row's lifecycle. QUEUED → RUNNING → STAGED → WINDOW (cut over, revert window open) → COMPLETE or
     * REVERTED; CANCELLED and FAILED end it early. Only QUEUED, RUNNING and STAGED hold the database's
     * queue: a row in its revert window is driven beside the next deploy.
     */
    public enum Status {
        QUEUED, RUNNING, STAGED, WINDOW, COMPLETE, REVERTED, CANCELLED, FAILED;

        public boolean active() {
            return this == QUEUED || this == RUNNING || this == STAGED;
        }
    }

    /** What a user or a PR event asked the driving worker to do next (REVERT/SKIP_REVERT: being done). */
    public enum Request {
        CUTOVER, CANCEL, REVERT, SKIP_REVERT
    }

    /** One queue row. {@code stagedAt}/{@code cutoverAt} are null until reached. */
    public record Entry(long id, String repo, int prNumber, long installationId, String database, String headSha,
                        Status status, Request requested, String specJson, Long migrationId, String requestedBy,
                        Duration revertWindow, String progress, String error, Instant queuedAt, Instant stagedAt,
                        Instant cutoverAt, Long cutoverLockMillis) {
        /** End of the revert window, once cut over. */
        public Optional<Instant> revertWindowEnd() {
            return cutoverAt == null ? Optional.empty() : Optional.of(cutoverAt.plus(revertWindow));
        }
    }

    private final DataSource ds;

    DeployQueue(DataSource ds) {
        this.ds = ds;
    }

    public long enqueue(String repo, int pr, long installationId, String database, String headSha, String specJson,
                        String requestedBy, Duration revertWindow) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(StateSql.DQ_INSERT, PreparedStatement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, repo);
            ps.setInt(2, pr);
            ps.setLong(3, installationId);
            ps.setString(4, database);
            ps.setString(5, headSha);
            ps.setString(6, specJson);
            ps.setString(7, requestedBy);
            ps.setLong(8, revertWindow.toSeconds());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("queue the deploy of " + repo + "#" + pr + " on " + database, e);
        }
    }

    /** Every row of a PR, oldest first. */
    public List<Entry> forPullRequest(String repo, int pr) {
        return list(StateSql.DQ_BY_PR, ps -> {
            ps.setString(1, repo);
            ps.setInt(2, pr);
        });
    }

    /** The PR's unfinished rows. */
    public List<Entry> active(String repo, int pr) {
        return forPullRequest(repo, pr).stream().filter(e -> e.status().active()).toList();
    }

    public Optional<Entry> get(long id) {
        return list(StateSql.DQ_BY_ID, ps -> ps.setLong(1, id)).stream().findFirst();
    }

    /** The row that holds the database now (or is next to), if any. */
    public Optional<Entry> head(String database) {
        return list(StateSql.DQ_HEAD, ps -> ps.setString(1, database)).stream().findFirst();
    }

    /** The database's rows in their revert window, oldest first. */
    public List<Entry> inWindow(String database) {
        return list(StateSql.DQ_WINDOW, ps -> ps.setString(1, database));
    }

    /** 1 = holds the database; n = n-1 unfinished deploys are ahead of it. */
    public int position(Entry e) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.DQ_POSITION)) {
            ps.setString(1, e.database());
            ps.setLong(2, e.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) + 1;
            }
        } catch (SQLException ex) {
            throw failure("read the queue of " + e.database(), ex);
        }
    }

    /**
     * Records a request on an unfinished row (or a row in its revert window); {@code null} clears it.
     * False when the row is already finished.
     */
    public boolean request(long id, Request what) {
        return update(StateSql.DQ_REQUEST, ps -> {
            ps.setString(1, what == null ? null : what.name());
            ps.setLong(2, id);
        }) == 1;
    }

    /**
     * Requests cancellation, with {@code reason} kept as the row's error, of every deploy of the installation
     * (of one repository when {@code repo} is not null) that has not cut over. Returns how many rows.
     */
    public int cancelForInstallation(long installationId, String repo, String reason) {
        return update(StateSql.DQ_CANCEL_FOR_INSTALLATION, ps -> {
            ps.setString(1, clip(reason));
            ps.setLong(2, installationId);
            ps.setString(3, repo);
            ps.setString(4, repo);
        });
    }

    /**
     * Moves a row from {@code from} to {@code to}; false when someone else moved it first.
     * {@code migrationId}/{@code cutoverLockMillis} are kept when null.
     */
    public boolean move(long id, Status from, Status to, Long migrationId, String progress, String error,
                        Long cutoverLockMillis) {
        return update(StateSql.DQ_MOVE, ps -> {
            ps.setString(1, to.name());
            setLong(ps, 2, migrationId);
            ps.setString(3, progress);
            ps.setString(4, error == null ? null : clip(error));
            ps.setString(5, to.name());
            ps.setString(6, to.name());
            ps.setString(7, to.name());
            setLong(ps, 8, cutoverLockMillis);
            ps.setLong(9, id);
            ps.setString(10, from.name());
        }) == 1;
    }

    /** A push that left the schema files as they were: the deploy now belongs to the new head. */
    public boolean moveHead(long id, String fromSha, String toSha) {
        return update(StateSql.DQ_MOVE_HEAD, ps -> {
            ps.setString(1, toSha);
            ps.setLong(2, id);
            ps.setString(3, fromSha);
        }) == 1;
    }

    public void progress(long id, Status status, String progress) {
        update(StateSql.DQ_PROGRESS, ps -> {
            ps.setString(1, progress);
            ps.setLong(2, id);
            ps.setString(3, status.name());
        });
    }

    /** Takes or renews the database's lease for {@code seconds}; true when {@code owner} holds it now. */
    public boolean takeLease(String database, String owner, int seconds) {
        update(StateSql.LEASE_ENSURE, ps -> ps.setString(1, database));
        return update(StateSql.LEASE_TAKE, ps -> {
            ps.setString(1, owner);
            ps.setInt(2, seconds);
            ps.setString(3, database);
            ps.setString(4, owner);
        }) == 1;
    }

    /** Extends the lease of a database {@code owner} holds; false when it does not hold it (anymore). */
    public boolean renewLease(String database, String owner, int seconds) {
        return update(StateSql.LEASE_RENEW, ps -> {
            ps.setInt(1, seconds);
            ps.setString(2, database);
            ps.setString(3, owner);
        }) == 1;
    }

    public void releaseLease(String database, String owner) {
        update(StateSql.LEASE_RELEASE, ps -> {
            ps.setString(1, database);
            ps.setString(2, owner);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder b) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("update the deploy queue", e);
        }
    }

    private List<Entry> list(String sql, Binder b) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String req = rs.getString(8);
                    Long migration = nullableLong(rs, 10);
                    Long lockMs = nullableLong(rs, 18);
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), Status.valueOf(rs.getString(7)), req == null ? null : Request.valueOf(req),
                            rs.getString(9), migration, rs.getString(11), Duration.ofSeconds(rs.getLong(12)),
                            rs.getString(13), rs.getString(14), instant(rs.getTimestamp(15)),
                            instant(rs.getTimestamp(16)), instant(rs.getTimestamp(17)), lockMs));
                }
            }
        } catch (SQLException e) {
            throw failure("read the deploy queue", e);
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String clip(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000);
    }

    private static ShadowbotException failure(String what, SQLException e) {
        return ShadowbotException.database("cannot " + what + " in the state database: " + e.getMessage(),
                "check that the state database is reachable", e);
    }
}
