package dev.shadowbot.engine.cutover;

import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the transactions a lock of the tables (an instant ALTER, the cutover's LOCK TABLES) would wait
 * behind: open longer than the lock wait and, where the server shows metadata locks (MySQL's performance_schema, MariaDB's metadata_lock_info plugin), holding a
 * lock on one of the tables. Where it does not, any such long transaction counts, and the last attempt goes
 * ahead anyway (its wait is bounded by {@code lock_wait_timeout}).
 */
public final class LongTransactions {
    /** Transactions of other connections open longer than ? seconds (they may hold a table's metadata lock). */
    static final String LONG_TRANSACTIONS = "SELECT trx_mysql_thread_id, TIMESTAMPDIFF(SECOND, trx_started, NOW()) "
            + "FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID() "
            + "AND trx_started <= NOW() - INTERVAL ? SECOND";
    /** MySQL: connections holding a metadata lock on a table of the schema. */
    static final String MYSQL_MDL_HOLDERS = "SELECT t.PROCESSLIST_ID, ml.OBJECT_NAME FROM performance_schema.metadata_locks ml "
            + "JOIN performance_schema.threads t ON t.THREAD_ID = ml.OWNER_THREAD_ID WHERE ml.OBJECT_TYPE = 'TABLE' "
            + "AND ml.OBJECT_SCHEMA = ? AND ml.LOCK_STATUS = 'GRANTED'";
    /** MariaDB with the metadata_lock_info plugin: connections holding a metadata lock on a table of the schema. */
    static final String MARIADB_MDL_HOLDERS = "SELECT THREAD_ID, TABLE_NAME FROM information_schema.METADATA_LOCK_INFO "
            + "WHERE TABLE_SCHEMA = ?";

    private LongTransactions() {
    }

    /**
     * @param who     "connection 12 (open 40 s)" for each blocking transaction; empty when none
     * @param precise true when the server showed which connections hold the tables' metadata locks
     */
    public record Blocking(List<String> who, boolean precise) {
    }

    /** The long transactions an ALTER of {@code tables} would wait behind. */
    public static Blocking blocking(Connection c, ServerInfo info, String schema, List<String> tables, long olderThanSeconds) {
        List<long[]> longOnes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LONG_TRANSACTIONS)) {
            ps.setLong(1, olderThanSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    longOnes.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        } catch (SQLException e) {
            return new Blocking(List.of(), false); // no view of transactions: the bounded lock wait is the only guard
        }
        if (longOnes.isEmpty()) {
            return new Blocking(List.of(), true);
        }
        Set<Long> holders = holders(c, info, schema, tables);
        List<String> out = new ArrayList<>();
        for (long[] t : longOnes) {
            if (holders == null || holders.contains(t[0])) {
                out.add("connection " + t[0] + " (open " + t[1] + " s)");
            }
        }
        return new Blocking(out, holders != null);
    }

    /** Connections holding a metadata lock on one of the tables, or null when the server does not say. */
    private static Set<Long> holders(Connection c, ServerInfo info, String schema, List<String> tables) {
        Set<String> names = new HashSet<>();
        tables.forEach(t -> names.add(t.toLowerCase(Locale.ROOT)));
        String sql = info.isMariaDb() ? MARIADB_MDL_HOLDERS : MYSQL_MDL_HOLDERS;
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (names.contains(String.valueOf(rs.getString(2)).toLowerCase(Locale.ROOT))) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            return null; // plugin not installed / instrument off
        }
    }
}
