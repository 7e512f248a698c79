package dev.shadowbot.bot.store;

import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Cheap questions operators' tools ask the state database: is it there, how full is the inbox. */
public final class StoreHealth {
    private final DataSource ds;

    StoreHealth(DataSource ds) {
        this.ds = ds;
    }

    /** Runs {@code SELECT 1}; throws a DATABASE error when the database does not answer. */
    public void ping(int timeoutSeconds) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(ProgressSql.PING)) {
            ps.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        } catch (SQLException e) {
            throw ShadowbotException.database("the state database does not answer: " + e.getMessage(),
                    "check that the state database is up and reachable from the bot", e);
        }
    }

    /** Inbox events not finished yet (due or being handled), and events parked for an operator. */
    public record InboxDepth(long open, long parked) {
    }

    public InboxDepth inboxDepth() {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(ProgressSql.INBOX_DEPTH);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new InboxDepth(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot count inbox events in the state database: " + e.getMessage(),
                    "check that the state database is reachable", e);
        }
    }
}
