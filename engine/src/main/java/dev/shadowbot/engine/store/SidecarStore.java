package dev.shadowbot.engine.store;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The {@code _shadowbot} schema on the target server: deploy requests, per-table migrations,
 * checkpoints and leases. Every state change is a guarded update whose row count is checked, so two
 * processes can never both move a request out of the same state. Thread-safe (one connection, used
 * under the object's lock, reopened when it breaks).
 */
public final class SidecarStore implements AutoCloseable {
    private final DatabaseUrl url;
    private Connection connection;

    private SidecarStore(DatabaseUrl url) {
        this.url = url.withDatabase("");
    }

    /** Opens the store on the server of {@code url}, creating or upgrading the sidecar schema. */
    public static SidecarStore open(DatabaseUrl url) {
        SidecarStore store = new SidecarStore(url);
        store.ensureSchema();
        return store;
    }

    public static String schemaName() {
        return StoreSql.SCHEMA;
    }

    private synchronized Connection conn() throws SQLException {
        if (connection == null || !connection.isValid(2)) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
            }
            connection = Connections.open(url);
        }
        return connection;
    }

    private synchronized void ensureSchema() {
        try (Statement st = conn().createStatement()) {
            st.execute(StoreSql.CREATE_SCHEMA);
            st.execute(StoreSql.CREATE_VERSION_TABLE);
            Set<Integer> applied = new HashSet<>();
            try (ResultSet rs = st.executeQuery(StoreSql.SELECT_VERSIONS)) {
                while (rs.next()) {
                    applied.add(rs.getInt(1));
                }
            }
            for (int i = 0; i < StoreSql.STEPS.size(); i++) {
                int version = i + 1;
                if (applied.contains(version)) {
                    continue;
                }
                for (String sql : StoreSql.STEPS.get(i)) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        if (e.getErrorCode() != StoreSql.ER_DUP_FIELDNAME) {
                            throw e;
                        }
                    }
                }
                try (PreparedStatement ps = conn().prepareStatement(StoreSql.INSERT_VERSION)) {
                    ps.setInt(1, version);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw fail("cannot create the sidecar schema " + StoreSql.SCHEMA, e,
                    "grant CREATE, ALTER, SELECT, INSERT, UPDATE, DELETE on `_shadowbot`.* to the user");
        }
    }

    /** How requests were started and how their streams are doing (store v6). */
    public RequestNotes notes() {
        return new RequestNotes(this);
    }

    /** The store's connection, for {@link RequestNotes} (callers synchronize on this store). */
    synchronized Connection connection() throws SQLException {
        return conn();
    }

    /** A new table of a new deploy request: name, shadow name, ALTER clauses. */
    public record NewMigration(String table, String shadowTable, String alterClauses) {
    }

    /**
     * Stores a new deploy request in state {@code queued} with its migrations (built from the new id,
     * since shadow names contain it); returns its id.
     */
    public synchronized long createDeployRequest(String schema, String specJson,
                                                 LongFunction<List<NewMigration>> migrations) {
        return createDeployRequest(schema, specJson, null, migrations);
    }

    /** The same, with the revert window (seconds) the cutover opens; null = the cutting process's default. */
    public synchronized long createDeployRequest(String schema, String specJson, Long revertWindowSeconds,
                                                 LongFunction<List<NewMigration>> migrations) {
        return createDeployRequest(schema, specJson, revertWindowSeconds, migrations, List.of());
    }

    /**
     * The same, also claiming {@code dropped} tables. Every table the request alters or drops is claimed
     * in the same transaction ({@link StoreSql#V5}): when another open request holds one, nothing is
     * stored and this throws CONFLICT naming it.
     */
    public synchronized long createDeployRequest(String schema, String specJson, Long revertWindowSeconds,
                                                 LongFunction<List<NewMigration>> migrations, List<String> dropped) {
        try {
            Connection c = conn();
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement(StoreSql.INSERT_DR, Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, schema);
                    ps.setString(2, specJson);
                    ps.setObject(3, revertWindowSeconds);
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                List<NewMigration> news = migrations.apply(id);
                java.util.TreeSet<String> claimed = new java.util.TreeSet<>(dropped); // sorted: no deadlock between claimers
                news.forEach(m -> claimed.add(m.table()));
                for (String table : claimed) {
                    claim(c, schema, table, id);
                }
                try (PreparedStatement ps = c.prepareStatement(StoreSql.INSERT_MIGRATION)) {
                    for (NewMigration m : news) {
                        ps.setLong(1, id);
                        ps.setString(2, m.table());
                        ps.setString(3, m.shadowTable());
                        ps.setString(4, m.alterClauses());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback(); // a refused claim (CONFLICT) stores nothing either
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("cannot store the deploy request", e, "check the server's log");
        }
    }

    /** Claims {@code schema.table} for request {@code id}; a claim left by an ended request is taken over. */
    private static void claim(Connection c, String schema, String table, long id) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement(StoreSql.INSERT_CLAIM)) {
                ps.setString(1, schema);
                ps.setString(2, table);
                ps.setLong(3, id);
                ps.executeUpdate();
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() != StoreSql.ER_DUP_ENTRY || attempt > 0) {
                    throw e;
                }
            }
            long holder;
            String status;
            try (PreparedStatement ps = c.prepareStatement(StoreSql.SELECT_CLAIM)) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        continue; // released meanwhile
                    }
                    holder = rs.getLong(1);
                    status = rs.getString(2);
                }
            }
            if (status != null && !DeployStatus.fromDb(status).isTerminal()) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "table " + schema + "." + table + " is already part of"
                        + " open deploy request " + holder + " (" + status + "); one open deploy request per table",
                        "wait for it to end, or cancel it ('shadowbot cancel --id " + holder + "'), then deploy again");
            }
            try (PreparedStatement ps = c.prepareStatement(StoreSql.DELETE_CLAIM)) {
                ps.setString(1, schema);
                ps.setString(2, table);
                ps.setLong(3, holder);
                ps.executeUpdate();
            }
        }
    }

    public synchronized Optional<DeployRequestRecord> find(long id) {
        try (PreparedStatement ps = conn().prepareStatement(StoreSql.SELECT_DR)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DeployRequestRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                        DeployStatus.fromDb(rs.getString(4)), time(rs.getTimestamp(5)), time(rs.getTimestamp(6)),
                        position(rs.getString(8), rs.getObject(9), rs.getString(10)),
                        position(rs.getString(11), rs.getObject(12), rs.getString(13)),
                        rs.getString(14), rs.getString(15), position(rs.getString(16), rs.getObject(17), ""),
                        rs.getObject(18) == null ? null : rs.getLong(18), time(rs.getTimestamp(19)),
                        rs.getBoolean(20), rs.getString(21), rs.getObject(22) == null ? null : rs.getLong(22),
                        rs.getObject(23) == null ? null : rs.getLong(23)));
            }
        } catch (SQLException e) {
            throw fail("cannot read deploy request " + id, e, "check the server's log");
        }
    }

    /** The request or a CONFLICT error naming the id. */
    public DeployRequestRecord get(long id) {
        return find(id).orElseThrow(() -> new ShadowbotException(ErrorCode.BAD_INPUT,
                "deploy request " + id + " does not exist on this server",
                "run 'shadowbot status' to list deploy requests"));
    }

    /** The newest deploy request that is not finished, for a schema. */
    public synchronized Optional<Long> latestActive(String schema) {
        try (PreparedStatement ps = conn().prepareStatement(StoreSql.SELECT_LATEST_ACTIVE_DR)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("cannot list deploy requests", e, "check the server's log");
        }
    }

    /**
     * Ids of requests still in their revert window although it has ended (server clock) or was closed by
     * {@code skip-revert} (whose driver may have died while dropping the old tables).
     */
    public synchronized List<Long> expiredWindows() {
        try (Statement st = conn().createStatement(); ResultSet rs = st.executeQuery(StoreSql.SELECT_EXPIRED_WINDOWS)) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        } catch (SQLException e) {
            throw fail("cannot list deploy requests", e, "check the server's log");
        }
    }

    /** Ids of the newest {@code limit} requests of {@code schema} (null: of every schema), newest first. */
    public synchronized List<Long> recent(String schema, int limit) {
        try (PreparedStatement ps = conn().prepareStatement(StoreSql.SELECT_RECENT_DRS)) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            ps.setInt(3, limit);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw fail("cannot list deploy requests", e, "check the server's log");
        }
    }

    public synchronized Optional<Long> latest() {
        try (Statement st = conn().createStatement(); ResultSet rs = st.executeQuery(StoreSql.SELECT_LATEST_DR)) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        } catch (SQLException e) {
            throw fail("cannot list deploy requests", e, "check the server's log");
        }
    }

    public synchronized List<MigrationRecord> migrations(long deployRequestId) {
        try (PreparedStatement ps = conn().prepareStatement(StoreSql.SELECT_MIGRATIONS)) {
            ps.setLong(1, deployRequestId);
            List<MigrationRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MigrationRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            DeployStatus.fromDb(rs.getString(5)), rs.getLong(6), rs.getLong(7), rs.getString(8),
                            rs.getBoolean(9), rs.getString(10)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("cannot read migrations of deploy request " + deployRequestId, e, "check the server's log");
        }
    }

    /**
     * Moves a deploy request (and its migrations in the same state) from {@code from} to {@code to}.
     * Refuses transitions the table does not allow; returns false when the stored state was not
     * {@code from} any more (someone else moved it), true when this call moved it.
     */
    public synchronized boolean transition(long id, DeployStatus from, DeployStatus to, String error) {
        if (!from.canMoveTo(to)) {
            throw new ShadowbotException(ErrorCode.CONFLICT,
                    "deploy request " + id + " cannot move from " + from.dbName() + " to " + to.dbName(),
                    "allowed from " + from.dbName() + ": " + from.successors());
        }
        String col = Identifiers.quote(to.timestampColumn());
        try {
            Connection c = conn();
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement ps = c.prepareStatement(String.format(StoreSql.TRANSITION_DR, col))) {
                    bindTransition(ps, id, from, to, error);
                    n = ps.executeUpdate();
                }
                if (n == 1) {
                    try (PreparedStatement ps = c.prepareStatement(String.format(StoreSql.TRANSITION_MIGRATIONS, col))) {
                        bindTransition(ps, id, from, to, error);
                        ps.executeUpdate();
                    }
                    if (to.isTerminal()) {
                        try (PreparedStatement ps = c.prepareStatement(StoreSql.RELEASE_CLAIMS)) {
                            ps.setLong(1, id);
                            ps.executeUpdate();
                        }
                    }
                }
                c.commit();
                return n == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("cannot change the state of deploy request " + id, e, "check the server's log");
        }
    }

    private static void bindTransition(PreparedStatement ps, long id, DeployStatus from, DeployStatus to, String error)
            throws SQLException {
        ps.setString(1, to.dbName());
        ps.setString(2, error);
        ps.setLong(3, id);
        ps.setString(4, from.dbName());
    }

    /** Records where the stream starts; the checkpoint starts there too. */
    public synchronized void setStartPosition(long id, BinlogPosition p) {
        update(StoreSql.SET_START_POSITION, p.file(), p.position(), p.gtid(), p.file(), p.position(), p.gtid(), id);
    }

    /**
     * Every change before {@code p} is applied to the shadows. Its GTID state (empty when the stream
     * runs by file:position) is stored with it: a resume by GTID starts there.
     */
    public synchronized void setStreamCheckpoint(long id, BinlogPosition p) {
        update(StoreSql.SET_STREAM_CHECKPOINT, p.file(), p.position(), p.gtid(), id);
    }

    /**
     * {@link #setStreamCheckpoint} inside the transaction open on {@code conn}, a connection to the same
     * server (the shadow writes'), so the checkpoint commits with the rows it covers, in one commit. False
     * when the request's row is gone.
     */
    public boolean setStreamCheckpointIn(Connection conn, long id, BinlogPosition p) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(StoreSql.SET_STREAM_CHECKPOINT_IN_TXN)) {
            ps.setString(1, p.file());
            ps.setLong(2, p.position());
            ps.setString(3, p.gtid());
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The copy of one table reached {@code highWater}; {@code p} is the stream checkpoint at that moment. */
    public synchronized void setCopyCheckpoint(long migrationId, long rowsCopied, String highWater, boolean done,
                                               BinlogPosition p) {
        update(StoreSql.SET_COPY_CHECKPOINT, rowsCopied, highWater, done ? 1 : 0, p.file(), p.position(), migrationId);
    }

    public synchronized void setRowsTotal(long migrationId, long rows) {
        update(StoreSql.SET_ROWS_TOTAL, rows, migrationId);
    }

    /** Forgets copy progress (a resumed preparation recreates the shadows). */
    public synchronized void resetCopy(long deployRequestId) {
        update(StoreSql.RESET_COPY, deployRequestId);
    }

    /** How long the revert write-locked the tables. */
    public synchronized void setRevertLock(long id, long lockMillis) {
        try (PreparedStatement ps = conn().prepareStatement(StoreSql.SET_REVERT_LOCK)) {
            ps.setLong(1, lockMillis);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot update deploy request " + id, e, "check the server's log");
        }
    }

    /** The driver handled the pending control request. */
    public synchronized void clearControl(long id) {
        update(StoreSql.CLEAR_CONTROL, id);
    }

    /**
     * Records where the cutover swapped the tables and how long writes were locked; the stream
     * checkpoint moves there (the reverse stream starts at it) and the revert window ends
     * {@code windowSeconds} from now (server clock).
     */
    public synchronized void setCutover(long id, BinlogPosition p, long lockMillis, long windowSeconds) {
        update(StoreSql.SET_CUTOVER, p.file(), p.position(), lockMillis, p.file(), p.position(), p.gtid(), windowSeconds,
                id);
    }

    /** Sets the window end when none is stored yet (a driver that died right after the swap). */
    public synchronized void setWindowEndIfMissing(long id, long windowSeconds) {
        update(StoreSql.SET_WINDOW_END, windowSeconds, id);
    }

    /** Records why the last attempt of something (e.g. a revert) failed, without a state change. */
    public synchronized void setError(long id, String error) {
        update(StoreSql.SET_ERROR, error, id);
    }

    /** Marks the request not revertible; the first reason recorded stays. */
    public synchronized void markNotRevertible(long id, String reason) {
        update(StoreSql.SET_NOT_REVERTIBLE, reason, id);
    }

    /** Asks the driver of a request to do something (e.g. {@code cancel}); false when it is finished. */
    public synchronized boolean requestControl(long id, String request) {
        return update(StoreSql.SET_CONTROL, request, id) == 1;
    }

    /**
     * Takes or renews the lease on {@code resource} for {@code seconds}; true when {@code owner} holds it
     * now. A lease held by someone else is taken only once it has expired.
     */
    public synchronized boolean acquireLease(String resource, String owner, int seconds) {
        if (update(StoreSql.LEASE_INSERT, resource, owner, seconds) == 1) {
            return true;
        }
        return update(StoreSql.LEASE_TAKE, owner, seconds, resource, owner) == 1;
    }

    public synchronized void releaseLease(String resource, String owner) {
        update(StoreSql.LEASE_RELEASE, resource, owner);
    }

    /** The current live holder of a lease, empty when none or expired. */
    public synchronized Optional<String> leaseHolder(String resource) {
        try (PreparedStatement ps = conn().prepareStatement(StoreSql.LEASE_HOLDER)) {
            ps.setString(1, resource);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(2) ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("cannot read lease " + resource, e, "check the server's log");
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement ps = conn().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("cannot update the sidecar store", e, "check the server's log");
        }
    }

    private static Optional<BinlogPosition> position(String file, Object pos, String gtid) {
        if (file == null || pos == null) {
            return Optional.empty();
        }
        return Optional.of(new BinlogPosition(file, ((Number) pos).longValue(), gtid));
    }

    private static java.time.LocalDateTime time(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime();
    }

    static ShadowbotException fail(String what, SQLException e, String next) {
        return ShadowbotException.database(what + ": " + e.getMessage(), next, e);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            connection = null;
        }
    }
}
