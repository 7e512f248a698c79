package dev.shadowbot.bot.store;

import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The App's installations as their webhooks last described them: active, suspended or deleted, and why. */
public final class Installations {
    /** An installation's state. */
    public enum State {
        ACTIVE, SUSPENDED, DELETED
    }

    /** One installation as recorded. */
    public record Installation(long id, String account, State state, String reason) {
    }

    private final DataSource ds;

    Installations(DataSource ds) {
        this.ds = ds;
    }

    public void record(long id, String account, State state, String reason) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INSTALLATION_UPSERT)) {
            ps.setLong(1, id);
            ps.setString(2, account);
            ps.setString(3, state.name());
            ps.setString(4, reason);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot record installation " + id + " in the state database: "
                    + e.getMessage(), "check that the state database is reachable", e);
        }
    }

    public Optional<Installation> get(long id) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(StateSql.INSTALLATION_GET)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Installation(id, rs.getString(1), State.valueOf(rs.getString(2)),
                        rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read installation " + id + " from the state database: "
                    + e.getMessage(), "check that the state database is reachable", e);
        }
    }
}
