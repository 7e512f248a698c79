package dev.shadowbot.engine.db;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the server's current binlog position, hiding the MySQL/MariaDB and version differences. */
public final class BinlogPositions {
    static final String SHOW_BINARY_LOG_STATUS = "SHOW BINARY LOG STATUS";
    static final String SHOW_MASTER_STATUS = "SHOW MASTER STATUS";
    static final String MARIADB_GTID = "SELECT @@GLOBAL.gtid_binlog_pos";
    static final String MYSQL_GTID_MODE = "SELECT @@GLOBAL.gtid_mode";
    static final String MYSQL_GTID = "SELECT IF(@@GLOBAL.gtid_mode = 'ON', @@GLOBAL.gtid_executed, '')";

    private BinlogPositions() {
    }

    /** The statement that shows the binlog file and position on this server. */
    public static String statusStatement(ServerInfo info) {
        // MySQL 8.4 removed SHOW MASTER STATUS; 8.2+ has the new name. MariaDB keeps the old one.
        return !info.isMariaDb() && info.atLeast(8, 2, 0) ? SHOW_BINARY_LOG_STATUS : SHOW_MASTER_STATUS;
    }

    /**
     * The current end of the binary log, with the GTID state when the server has one. The GTID state is
     * read before and after the file:position and the read repeated until both agree, so the GTID state
     * never names a transaction past the file:position (a GTID resume from it can only repeat a few
     * transactions, which re-applies harmlessly, never skip one).
     */
    public static BinlogPosition current(Connection c, ServerInfo info) {
        try (Statement st = c.createStatement()) {
            BinlogPosition p = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                String before = gtid(st, info);
                BinlogPosition at = fileAndPosition(st, info);
                String after = gtid(st, info);
                p = at.withGtid(before);
                if (before.equals(after)) {
                    break;
                }
            }
            return p;
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the binlog position: " + e.getMessage(),
                    "grant REPLICATION CLIENT (or BINLOG MONITOR on MariaDB) to the user", e);
        }
    }

    private static BinlogPosition fileAndPosition(Statement st, ServerInfo info) throws SQLException {
        try (ResultSet rs = st.executeQuery(statusStatement(info))) {
            if (!rs.next()) {
                throw new ShadowbotException(ErrorCode.DATABASE, "the binary log is disabled on this server",
                        "start the server with log_bin enabled and binlog_format=ROW");
            }
            return new BinlogPosition(rs.getString(1), rs.getLong(2), "");
        }
    }

    private static String gtid(Statement st, ServerInfo info) throws SQLException {
        try (ResultSet rs = st.executeQuery(info.isMariaDb() ? MARIADB_GTID : MYSQL_GTID)) {
            return rs.next() && rs.getString(1) != null ? GtidSets.clean(rs.getString(1)) : "";
        }
    }

    /** True when the server tracks GTIDs: MariaDB always, MySQL with gtid_mode=ON. */
    public static boolean tracksGtids(Connection c, ServerInfo info) throws SQLException {
        if (info.isMariaDb()) {
            return true;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(MYSQL_GTID_MODE)) {
            return rs.next() && "ON".equalsIgnoreCase(rs.getString(1));
        }
    }
}
