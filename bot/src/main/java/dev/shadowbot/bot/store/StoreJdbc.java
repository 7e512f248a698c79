package dev.shadowbot.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** JDBC helpers the bot's store classes share: nullable BIGINT columns and parameters. */
final class StoreJdbc {
    private StoreJdbc() {
    }

    /** Column {@code col} as a Long, null when SQL NULL. */
    static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** Binds {@code v} to parameter {@code i}, SQL NULL (BIGINT) when null. */
    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
