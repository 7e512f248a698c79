package dev.shadowbot.engine.cutover;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.ServerInfo;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads from the server which table metadata locks a connection HOLDS (granted, not waiting), and orders
 * table names the way the server orders a statement's metadata lock requests. The multi-table cutover
 * needs both: it releases each table's lock only once the RENAME is seen holding every name that sorts
 * before that table (so it is queued on that table, ahead of the clients' writes).
 * <ul>
 *   <li>MariaDB: {@code information_schema.METADATA_LOCK_INFO} of the {@code metadata_lock_info} plugin
 *       (shipped with the server, not installed by default: {@code INSTALL SONAME 'metadata_lock_info'});
 *       it lists granted locks only, keyed by connection id.</li>
 *   <li>MySQL: {@code performance_schema.metadata_locks} (on by default in 8.0), rows with
 *       {@code LOCK_STATUS = 'GRANTED'} of the connection's thread.</li>
 * </ul>
 * The order is the servers' {@code MDL_key} comparison: namespace, schema, then {@code memcmp} of the
 * name's bytes with its terminating NUL (a prefix sorts first); names are lower-cased first when
 * {@code lower_case_table_names} is not 0.
 */
final class MdlView {
    static final String MARIADB_PLUGIN_ACTIVE = "SELECT COUNT(*) FROM information_schema.PLUGINS "
            + "WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'";
    static final String MARIADB_GRANTED = "SELECT TABLE_NAME FROM information_schema.METADATA_LOCK_INFO "
            + "WHERE THREAD_ID = ? AND TABLE_SCHEMA = ? AND LOCK_TYPE = 'Table metadata lock'";
    static final String MYSQL_INSTRUMENT_ON = "SELECT COUNT(*) FROM performance_schema.setup_instruments "
            + "WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES'";
    static final String MYSQL_GRANTED = "SELECT ml.OBJECT_NAME FROM performance_schema.metadata_locks ml "
            + "JOIN performance_schema.threads t ON t.THREAD_ID = ml.OWNER_THREAD_ID "
            + "WHERE t.PROCESSLIST_ID = ? AND ml.OBJECT_SCHEMA = ? AND ml.OBJECT_TYPE = 'TABLE' "
            + "AND ml.LOCK_STATUS = 'GRANTED'";
    static final String LOWER_CASE = "SELECT @@lower_case_table_names";
    /** The probe's session: fail at once instead of waiting for a lock (MariaDB accepts 0, MySQL does not). */
    static final String PROBE_NO_WAIT = "SET SESSION lock_wait_timeout = 0";
    /** Takes a high-priority shared metadata lock on the name, which only a granted exclusive lock refuses. */
    static final String PROBE = "SHOW CREATE TABLE %s";
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private final boolean mariaDb;
    private final boolean lowerCase;
    /** No lock table to read (stock MariaDB): ask each name with a non-waiting probe instead. */
    private final boolean probing;

    private MdlView(boolean mariaDb, boolean lowerCase, boolean probing) {
        this.mariaDb = mariaDb;
        this.lowerCase = lowerCase;
        this.probing = probing;
    }

    /**
     * As {@link #require}, but on a MariaDB without the {@code metadata_lock_info} plugin (the default install)
     * returns the probing view instead of refusing: whether a name is held exclusively is asked of the
     * server directly. {@code SHOW CREATE TABLE} takes a high-priority shared metadata lock, which
     * neither the lockers' LOCK TABLES WRITE nor a waiting (not yet granted) RENAME conflicts with, only a
     * granted exclusive lock; with {@code lock_wait_timeout = 0} it then fails at once with error 1205,
     * and otherwise succeeds (or reports 1146 for a name that is no table, such as a dropped sentry's).
     * During the cutover only the RENAME takes exclusive locks on the request's names, so "1205" means
     * "the RENAME holds it". Measured on Debian's MariaDB 10.11: docs/cutover.md.
     */
    static MdlView requireOrProbe(Connection c, ServerInfo info, int tables) throws SQLException {
        if (info.isMariaDb() && count(c, MARIADB_PLUGIN_ACTIVE) == 0) {
            return new MdlView(true, lowerCaseNames(c), true);
        }
        return require(c, info, tables);
    }

    boolean probing() {
        return probing;
    }

    /**
     * True when connection {@code connectionId} (the RENAME) holds every name in {@code keys}: read from the
     * lock table, or, probing, asked name by name on {@code m} (whose lock wait timeout this sets to 0).
     * {@code query} is the prepared {@link #grantedSql()} (null when probing).
     */
    boolean holdsAll(Connection m, PreparedStatement query, long connectionId, Set<String> keys, String schema)
            throws SQLException {
        if (!probing) {
            return granted(query, connectionId, schema).containsAll(keys);
        }
        try (Statement st = m.createStatement()) {
            st.execute(PROBE_NO_WAIT);
            for (String k : keys) {
                try {
                    st.execute(String.format(PROBE, dev.shadowbot.engine.db.Identifiers.qualified(schema, k)));
                    return false; // not locked exclusively
                } catch (SQLException e) {
                    if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT) {
                        return false; // e.g. 1146: free, and no table under that name
                    }
                }
            }
        }
        return true;
    }

    private static boolean lowerCaseNames(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(LOWER_CASE)) {
            rs.next();
            return rs.getInt(1) != 0;
        }
    }

    /**
     * The view for this server, or CONFLICT (nothing changed) naming the missing piece and how to add it.
     */
    static MdlView require(Connection c, ServerInfo info, int tables) throws SQLException {
        boolean lower = lowerCaseNames(c);
        if (info.isMariaDb()) {
            if (count(c, MARIADB_PLUGIN_ACTIVE) == 0) {
                throw new ShadowbotException(ErrorCode.CONFLICT, "an atomic cutover of " + tables + " tables on "
                        + info.displayName() + " needs the server's metadata_lock_info plugin, which is not installed",
                        "run INSTALL SONAME 'metadata_lock_info' as an administrator (it ships with MariaDB) and cut over "
                                + "again, or deploy the tables in separate deploy requests; nothing was swapped");
            }
            return new MdlView(true, lower, false);
        }
        int on;
        try {
            on = count(c, MYSQL_INSTRUMENT_ON);
        } catch (SQLException e) {
            on = 0;
        }
        if (on == 0) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "an atomic cutover of " + tables + " tables on "
                    + info.displayName() + " needs performance_schema with the metadata lock instrument enabled",
                    "start the server with performance_schema=ON (the default) and run UPDATE "
                            + "performance_schema.setup_instruments SET ENABLED = 'YES' WHERE NAME = "
                            + "'wait/lock/metadata/sql/mdl', then cut over again; nothing was swapped");
        }
        return new MdlView(false, lower, false);
    }

    /** Table names in {@code schema} on which connection {@code connectionId} holds a granted lock. */
    Set<String> granted(PreparedStatement query, long connectionId, String schema) throws SQLException {
        query.setLong(1, connectionId);
        query.setString(2, schema);
        Set<String> names = new HashSet<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                names.add(key(rs.getString(1)));
            }
        }
        return names;
    }

    String grantedSql() {
        return mariaDb ? MARIADB_GRANTED : MYSQL_GRANTED;
    }

    /** The name as the server keys its lock. */
    String key(String table) {
        return lowerCase ? table.toLowerCase(Locale.ROOT) : table;
    }

    /** Orders names as the server orders metadata lock requests within one schema. */
    Comparator<String> order() {
        return (a, b) -> compareKeys(key(a), key(b));
    }

    static int compareKeys(String a, String b) {
        // memcmp over "name\0": unsigned bytes, and a prefix sorts before its extensions.
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
