package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.store.SidecarStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancelling: drop the shadows, then move the request to CANCELLED. The caller holds the lease and
 * has stopped the stream. New tables created directly stay (they may already be in use).
 */
final class Cancellation {
    private static final Logger LOG = LoggerFactory.getLogger(Cancellation.class);

    private Cancellation() {
    }

    static void dropShadowsAndCancel(SidecarStore store, DatabaseUrl url, long id, DeployStatus from) {
        if (!from.canMoveTo(DeployStatus.CANCELLED)) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " is " + from.dbName()
                    + " and cannot be cancelled", "see 'shadowbot status --id " + id + "'");
        }
        dropShadows(store, url, id);
        if (!store.transition(id, from, DeployStatus.CANCELLED, null)) {
            throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " changed state while cancelling",
                    "see 'shadowbot status --id " + id + "'");
        }
        LOG.info("event=cancelled dr={} schema={}", id, store.get(id).schema());
    }

    /**
     * Drops the request's shadow tables (those that exist). Also what a failed request does on its way
     * out, so it leaves nothing that would refuse the next deploy of its tables.
     */
    static void dropShadows(SidecarStore store, DatabaseUrl url, long id) {
        String schema = store.get(id).schema();
        try (Connection c = Connections.open(url.withDatabase(schema)); Statement st = c.createStatement()) {
            for (MigrationRecord m : store.migrations(id)) {
                st.execute(ShadowSql.dropIfExists(schema, m.shadowTable()));
            }
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot drop the shadow tables of deploy request " + id + ": "
                    + e.getMessage(), "drop the *_shadowbot_" + id + "_new tables by hand, then cancel again", e);
        }
    }
}
