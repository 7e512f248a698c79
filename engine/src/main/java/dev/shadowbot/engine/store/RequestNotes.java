package dev.shadowbot.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Store versions 6 and 7, beside the requests themselves: how a request was started (the desired schema's
 * fingerprint and the cutover intent, so that re-running the same deploy continues it) and the stream lag
 * its driver last measured (so that a {@code status} in another process shows it).
 */
public final class RequestNotes {
    private final SidecarStore store;

    RequestNotes(SidecarStore store) {
        this.store = store;
    }

    /** How a request was asked for (store v6): the desired schema's fingerprint and the cutover intent. */
    public record Origin(String fingerprint, String intent) {
        public static final String CUTOVER = "cutover";
        public static final String DEFER = "defer";

        public boolean cutsOverAtOnce() {
            return CUTOVER.equals(intent);
        }
    }

    /** An unfinished request that has not cut over yet: id and state. */
    public record Open(long id, String status) {
    }

    public void recordOrigin(long id, Origin origin) {
        synchronized (store) { // one connection, shared with the store's other calls
            try (PreparedStatement ps = store.connection().prepareStatement(StoreSql.INSERT_ORIGIN)) {
                ps.setLong(1, id);
                ps.setString(2, origin.fingerprint());
                ps.setString(3, origin.intent());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw SidecarStore.fail("cannot store how deploy request " + id + " was started", e, "check the server's log");
            }
        }
    }

    /** Records the stream lag the driver of {@code id} measures now (milliseconds behind, events queued). */
    public void recordLag(long id, long lagMillis, long backlog) {
        synchronized (store) { // one connection, shared with the store's other calls
            try (PreparedStatement ps = store.connection().prepareStatement(StoreSql.UPSERT_LAG)) {
                ps.setLong(1, id);
                ps.setLong(2, lagMillis);
                ps.setLong(3, backlog);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw SidecarStore.fail("cannot record the stream lag of deploy request " + id, e, "check the server's log");
            }
        }
    }

    /** The lag recorded within the last {@code maxAgeSeconds}: {lag ms, backlog}, or empty when none is that fresh. */
    public Optional<long[]> recentLag(long id, int maxAgeSeconds) {
        synchronized (store) { // one connection, shared with the store's other calls
            try (PreparedStatement ps = store.connection().prepareStatement(StoreSql.SELECT_RECENT_LAG)) {
                ps.setLong(1, id);
                ps.setInt(2, maxAgeSeconds);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2)}) : Optional.empty();
                }
            } catch (SQLException e) {
                throw SidecarStore.fail("cannot read the stream lag of deploy request " + id, e, "check the server's log");
            }
        }
    }

    public Optional<Origin> origin(long id) {
        synchronized (store) { // one connection, shared with the store's other calls
            try (PreparedStatement ps = store.connection().prepareStatement(StoreSql.SELECT_ORIGIN)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Origin(rs.getString(1), rs.getString(2))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw SidecarStore.fail("cannot read how deploy request " + id + " was started", e, "check the server's log");
            }
        }
    }

    /**
     * The newest request of {@code schema} that has not cut over, read without creating the store: empty
     * when the server has no (current) store yet. A read, so a refusal after it stores nothing.
     */
    public static Optional<Open> openBeforeCutover(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(StoreSql.STORE_EXISTS)) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(StoreSql.SELECT_OPEN_BEFORE_CUTOVER)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Open(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }
}
