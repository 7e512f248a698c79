package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server settings the change stream depends on, checked at every catch-up (each drain: the
 * checksum's, the cutover's and the revert's): a server switched to {@code binlog_format} other than ROW
 * or {@code binlog_row_image} other than FULL writes new sessions' changes as statements or partial
 * images. The stream itself detects such events of the followed tables ({@code ImageCheck}); this
 * refuses a swap as soon as the server setting changed, before any such write arrives.
 */
final class BinlogSettings {
    static final String QUERY = "SELECT @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image";

    private BinlogSettings() {
    }

    static void require(Connection c) throws SQLException {
        String format;
        String image;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            rs.next();
            format = rs.getString(1);
            image = rs.getString(2);
        }
        if (!"ROW".equalsIgnoreCase(format) || !"FULL".equalsIgnoreCase(image)) {
            throw new ShadowbotException(ErrorCode.DATABASE, "the server now runs with binlog_format=" + format
                    + " and binlog_row_image=" + image + ": new sessions' writes no longer reach the change stream as"
                    + " full row images, so nothing is swapped", "SET GLOBAL binlog_format=ROW, binlog_row_image=FULL"
                    + " (and reconnect the writers), then try again");
        }
    }
}
