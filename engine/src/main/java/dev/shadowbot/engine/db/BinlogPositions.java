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
    static final String MYSQL_GTID = "SELECT IF(@@GLOBAL.gtid_mode = 'ON', @@GLOBAL.gtid_executed, '')";

    private BinlogPositions() {
    }

    /** The statement that shows the binlog file and position on this server. */
    public static String statusStatement(ServerInfo info) {
        // MySQL 8.4 removed SHOW MASTER STATUS; 8.2+ has the new name. MariaDB keeps the old one.
        return !info.isMariaDb() && info.atLeast(8, 2, 0) ? SHOW_BINARY_LOG_STATUS : SHOW_MASTER_STATUS;
    }

    /** The current end of the binary log, with the GTID state when the server has one. */
    public static BinlogPosition current(Connection c, ServerInfo info) {
        try (Statement st = c.createStatement()) {
            String file;
            long pos;
            try (ResultSet rs = st.executeQuery(statusStatement(info))) {
                if (!rs.next()) {
                    throw new ShadowbotException(ErrorCode.DATABASE, "the binary log is disabled on this server",
                            "start the server with log_bin enabled and binlog_format=ROW");
                }
                file = rs.getString(1);
                pos = rs.getLong(2);
            }
            String gtid = "";
            try (ResultSet rs = st.executeQuery(info.isMariaDb() ? MARIADB_GTID : MYSQL_GTID)) {
                if (rs.next() && rs.getString(1) != null) {
                    gtid = rs.getString(1).replace("\n", "");
                }
            }
            return new BinlogPosition(file, pos, gtid);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the binlog position: " + e.getMessage(),
                    "grant REPLICATION CLIENT (or BINLOG MONITOR on MariaDB) to the user", e);
        }
    }
}
