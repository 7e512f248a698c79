package dev.shadowbot.bot.store;

import static dev.shadowbot.bot.store.StoreJdbc.nullableLong;
import static dev.shadowbot.bot.store.StoreJdbc.setLong;

import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Pull requests the bot tracks (sticky comment, check run) and their deploy requests. */
public final class PullRequests {
    private final DataSource ds;

    PullRequests(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Locks one PR's row (created if missing) until the returned handle is closed, so two workers or
     * two bot replicas never handle the same PR at once (which could post its sticky comment twice).
     * The row lock dies with the connection, so a crashed process does not leave it locked.
     */
    public PrHandle lock(String repo, int number, long installationId) {
        Connection c = null;
        try {
            c = ds.getConnection();
            try (PreparedStatement ps = c.prepareStatement(StateSql.PR_ENSURE)) {
                ps.setString(1, repo);
                ps.setInt(2, number);
                ps.setLong(3, installationId);
                ps.executeUpdate();
            }
            c.setAutoCommit(false);
            PrRecord record;
            try (PreparedStatement ps = c.prepareStatement(StateSql.PR_LOCK)) {
                ps.setString(1, repo);
                ps.setInt(2, number);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    record = new PrRecord(repo, number, rs.getString(1), rs.getString(2), nullableLong(rs, 3),
                            nullableLong(rs, 4), rs.getString(5));
                }
            }
            return new PrHandle(c, record);
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("lock pull request " + repo + "#" + number, e);
        }
    }

    /** The PR's stored state; {@code stickyCommentId}/{@code checkRunId} are null until created. */
    /** The pull request whose check run (or head) is {@code sha}, as the bot recorded it. */
    public Optional<Integer> numberForCheckRun(String repo, String sha) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.PR_FOR_CHECK_SHA)) {
            ps.setString(1, repo);
            ps.setString(2, sha);
            ps.setString(3, sha);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot find the pull request of check run sha " + sha
                    + " in the state database: " + e.getMessage(), "check that the state database is reachable", e);
        }
    }

    public record PrRecord(String repo, int number, String headSha, String state, Long stickyCommentId,
                           Long checkRunId, String checkRunSha) {
        public PrRecord with(String newHead, String newState, Long comment, Long checkRun, String checkSha) {
            return new PrRecord(repo, number, newHead, newState, comment, checkRun, checkSha);
        }
    }

    /** One stored deploy request. */
    public record DeployRequestRow(long id, String database, String headSha, DeployRequestState state,
                                   int changeCount, String summary) {
    }

    /** A locked PR. Writes go through the locking connection; {@link #close()} commits and unlocks. */
    public static final class PrHandle implements AutoCloseable {
        private final Connection c;
        private PrRecord record;

        private PrHandle(Connection c, PrRecord record) {
            this.c = c;
            this.record = record;
        }

        public PrRecord record() {
            return record;
        }

        /** Saves the PR's state now (e.g. right after a comment was created, so it is never created twice). */
        public void save(PrRecord updated) {
            try (PreparedStatement ps = c.prepareStatement(StateSql.PR_UPDATE)) {
                ps.setString(1, updated.headSha());
                ps.setString(2, updated.state());
                setLong(ps, 3, updated.stickyCommentId());
                setLong(ps, 4, updated.checkRunId());
                ps.setString(5, updated.checkRunSha());
                ps.setString(6, updated.repo());
                ps.setInt(7, updated.number());
                ps.executeUpdate();
                record = updated;
            } catch (SQLException e) {
                throw failure("save pull request " + updated.repo() + "#" + updated.number(), e);
            }
        }

        public List<DeployRequestRow> deployRequests() {
            List<DeployRequestRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(StateSql.DR_LIST)) {
                ps.setString(1, record.repo());
                ps.setInt(2, record.number());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new DeployRequestRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                                DeployRequestState.valueOf(rs.getString(4)), rs.getInt(5), rs.getString(6)));
                    }
                }
            } catch (SQLException e) {
                throw failure("read deploy requests of " + record.repo() + "#" + record.number(), e);
            }
            return rows;
        }

        /** Records the tables this PR's current plan changes in {@code database} (replacing the last plan's). */
        public void claimTables(String database, java.util.Set<String> tables) {
            try {
                java.util.Set<String> before = new java.util.HashSet<>();
                try (PreparedStatement ps = c.prepareStatement(StateSql.PRT_LIST)) {
                    ps.setString(1, record.repo());
                    ps.setInt(2, record.number());
                    ps.setString(3, database);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            before.add(rs.getString(1));
                        }
                    }
                }
                for (String t : before) {
                    if (!tables.contains(t)) {
                        try (PreparedStatement ps = c.prepareStatement(StateSql.PRT_DELETE)) {
                            ps.setString(1, record.repo());
                            ps.setInt(2, record.number());
                            ps.setString(3, database);
                            ps.setString(4, t);
                            ps.executeUpdate();
                        }
                    }
                }
                for (String t : tables) {
                    if (!before.contains(t)) {
                        try (PreparedStatement ps = c.prepareStatement(StateSql.PRT_INSERT)) {
                            ps.setString(1, record.repo());
                            ps.setString(2, database);
                            ps.setString(3, t);
                            ps.setInt(4, record.number());
                            ps.executeUpdate();
                        }
                    }
                }
            } catch (SQLException e) {
                throw failure("record the tables of " + record.repo() + "#" + record.number(), e);
            }
        }

        /** Another, earlier PR changing one of this PR's tables that has not finished yet. */
        public record Overlap(int otherPr, String database, String table, String otherDeployState) {
        }

        /** The unfinished earlier PRs changing the same tables as this one ("also changed by #N"). */
        public List<Overlap> overlaps() {
            List<Overlap> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(StateSql.PRT_EARLIER)) {
                ps.setString(1, record.repo());
                ps.setInt(2, record.number());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Overlap(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            } catch (SQLException e) {
                throw failure("read the tables of other pull requests of " + record.repo(), e);
            }
            return out;
        }

        public Optional<DeployRequestRow> deployRequest(String database) {
            return deployRequests().stream().filter(r -> r.database().equals(database)).findFirst();
        }

        /** Creates or updates the deploy request for one database; refuses a transition the state table forbids. */
        public void saveDeployRequest(String database, String headSha, DeployRequestState state, int changeCount,
                                      String summary) {
            Optional<DeployRequestRow> current = deployRequest(database);
            if (current.isPresent() && !current.get().state().canMoveTo(state)) {
                throw new ShadowbotException(dev.shadowbot.engine.ErrorCode.CONFLICT, "deploy request "
                        + current.get().id() + " cannot move from " + current.get().state() + " to " + state,
                        "report this as a bug");
            }
            try (PreparedStatement ps = c.prepareStatement(StateSql.DR_UPSERT)) {
                ps.setString(1, record.repo());
                ps.setInt(2, record.number());
                ps.setString(3, database);
                ps.setString(4, headSha);
                ps.setString(5, state.name());
                ps.setInt(6, changeCount);
                ps.setString(7, summary);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw failure("save the deploy request for " + database, e);
            }
        }

        @Override
        public void close() {
            try {
                c.commit();
                c.setAutoCommit(true);
            } catch (SQLException e) {
                throw failure("commit pull request " + record.repo() + "#" + record.number(), e);
            } finally {
                closeQuietly(c);
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing returns the connection to the pool; nothing to add if that fails.
            }
        }
    }

    private static ShadowbotException failure(String what, SQLException e) {
        return ShadowbotException.database("cannot " + what + " in the state database: " + e.getMessage(),
                "check that the state database is reachable", e);
    }
}
