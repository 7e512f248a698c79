package dev.shadowbot.engine.db;

import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/** Opens JDBC connections and turns driver failures into one clear line with a next step. */
public final class Connections {
    private Connections() {
    }

    /** Opens a connection or throws a DATABASE error naming the server (never the password). */
    public static Connection open(DatabaseUrl url) {
        try {
            return DriverManager.getConnection(url.jdbcUrl(), url.driverProperties());
        } catch (SQLException e) {
            throw connectFailure(url, e);
        }
    }

    /** Maps a connect failure to a message and the most likely fix. */
    public static ShadowbotException connectFailure(DatabaseUrl url, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String text = firstLine(e.getMessage());
        String lower = text.toLowerCase(Locale.ROOT);
        String next;
        if (e.getErrorCode() == 1045 || lower.contains("access denied")) {
            next = "check the user and password in the database URL";
        } else if (e.getErrorCode() == 1049 || lower.contains("unknown database")) {
            next = "create the database or fix its name in the URL";
        } else if (state.startsWith("08") || lower.contains("communications link failure")
                || lower.contains("connection refused")) {
            next = "check that the server is running and reachable at " + url.host() + ":" + url.port();
        } else {
            next = "check the database URL and the server's log";
        }
        return ShadowbotException.database("cannot connect to " + url + ": " + text, next, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl >= 0 ? message.substring(0, nl) : message).trim();
    }
}
