package dev.shadowbot.engine.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * How long the server keeps its binary logs before it expires them on its own. A staged deploy request
 * whose stream is stopped (a workflow job ended at staged) needs every binlog since its checkpoint until
 * its cutover runs: this is the window the server allows for that. MySQL 8.0 and MariaDB ≥ 10.6 have
 * {@code binlog_expire_logs_seconds}; {@code expire_logs_days} is the older name (removed in MySQL 8.4,
 * an alias in MariaDB). Zero in both means the server never expires binlogs by itself (an operator's
 * {@code PURGE BINARY LOGS} or a backup tool may still remove them).
 *
 * @param seconds {@code binlog_expire_logs_seconds}, or -1 when the server has no such variable
 * @param days    {@code expire_logs_days}, or -1 when the server has no such variable
 */
public record BinlogRetention(long seconds, double days) {
    static final String SELECT_SECONDS = "SELECT @@GLOBAL.binlog_expire_logs_seconds";
    static final String SELECT_DAYS = "SELECT @@GLOBAL.expire_logs_days";

    /** Reads both settings; a variable the server does not know reads as -1. */
    public static BinlogRetention read(Connection c) {
        return new BinlogRetention((long) variable(c, SELECT_SECONDS), variable(c, SELECT_DAYS));
    }

    private static double variable(Connection c, String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getDouble(1) : -1;
        } catch (SQLException unknownVariable) {
            return -1;
        }
    }

    /** The effective retention, or empty when the server never expires binlogs by itself. */
    public Optional<Duration> duration() {
        if (seconds > 0) {
            return Optional.of(Duration.ofSeconds(seconds));
        }
        if (days > 0) {
            return Optional.of(Duration.ofSeconds(Math.round(days * 86_400)));
        }
        return Optional.empty();
    }

    /** E.g. {@code binlog_expire_logs_seconds=86400 (1 d)}, naming the setting that is in force. */
    public String describe() {
        if (seconds > 0) {
            return "binlog_expire_logs_seconds=" + seconds + " (" + human(Duration.ofSeconds(seconds)) + ")";
        }
        if (days > 0) {
            return "expire_logs_days=" + (days == Math.rint(days) ? Long.toString((long) days) : Double.toString(days))
                    + " (" + human(duration().orElseThrow()) + ")";
        }
        return (seconds < 0 ? "" : "binlog_expire_logs_seconds=0") + (seconds >= 0 && days >= 0 ? ", " : "")
                + (days < 0 ? "" : "expire_logs_days=0") + " (never expired by the server itself)";
    }

    /** The sentence a refusal or a deploy that ends at staged prints about retention. */
    public String advice() {
        return "this server keeps binlogs for " + describe() + "; raise binlog_expire_logs_seconds"
                + " (expire_logs_days on older servers) above the longest time between staged and cutover";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + " d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
