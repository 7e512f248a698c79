package dev.shadowbot.engine.migration.preflight;

import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The server settings preflight looks at, read once. Checks take this record, so they can be tested
 * with any values without touching a shared server's globals.
 *
 * @param info            server flavour and version
 * @param logBin          binary log enabled
 * @param binlogFormat    {@code @@GLOBAL.binlog_format}
 * @param binlogRowImage  {@code @@GLOBAL.binlog_row_image}
 * @param compression     name=value of the binlog compression setting that is ON, or empty
 * @param grants          the current user's {@code SHOW GRANTS} lines
 * @param datadir         {@code @@datadir}
 */
public record ServerSettings(ServerInfo info, boolean logBin, String binlogFormat, String binlogRowImage,
                             String compression, List<String> grants, String datadir) {
    static final String BASICS = "SELECT @@GLOBAL.log_bin, @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image, @@datadir";
    static final String MYSQL_COMPRESSION = "SELECT @@GLOBAL.binlog_transaction_compression";
    static final String MARIADB_COMPRESSION = "SELECT @@GLOBAL.log_bin_compress";
    static final String GRANTS = "SHOW GRANTS FOR CURRENT_USER()";

    public ServerSettings {
        grants = List.copyOf(grants);
    }

    public static ServerSettings read(Connection c, ServerInfo info) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean logBin;
            String format;
            String image;
            String datadir;
            try (ResultSet rs = st.executeQuery(BASICS)) {
                rs.next();
                logBin = rs.getInt(1) == 1;
                format = rs.getString(2);
                image = rs.getString(3);
                datadir = rs.getString(4);
            }
            String compression = "";
            boolean hasSetting = info.isMariaDb() || info.atLeast(8, 0, 20);
            if (hasSetting) {
                String sql = info.isMariaDb() ? MARIADB_COMPRESSION : MYSQL_COMPRESSION;
                try (ResultSet rs = st.executeQuery(sql)) {
                    if (rs.next() && rs.getInt(1) == 1) {
                        compression = (info.isMariaDb() ? "log_bin_compress" : "binlog_transaction_compression") + "=ON";
                    }
                }
            }
            List<String> grants = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(GRANTS)) {
                while (rs.next()) {
                    grants.add(rs.getString(1));
                }
            }
            return new ServerSettings(info, logBin, format, image, compression, grants, datadir);
        }
    }
}
