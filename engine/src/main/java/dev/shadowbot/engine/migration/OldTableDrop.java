package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a table nobody uses any more (the old table when the revert window closes, the new one after a
 * revert) in small steps: DELETE of {@value #CHUNK_ROWS} rows per transaction with a heartbeat in
 * between, then DROP of the empty table. A plain DROP of a big InnoDB table holds the dictionary lock
 * and (on older servers) scans the buffer pool while it unlinks a large file, which stalls the whole
 * server; deleting in chunks spreads that work out and lets the throttle-free heartbeat renew the
 * lease and honour stop requests. Small tables pay a few cheap statements for the single code path.
 */
final class OldTableDrop {
    private static final Logger LOG = LoggerFactory.getLogger(OldTableDrop.class);
    static final int CHUNK_ROWS = 1000;
    private static final String DELETE_CHUNK = "DELETE FROM %s LIMIT " + CHUNK_ROWS;
    private static final String DROP = "DROP TABLE IF EXISTS %s";

    private OldTableDrop() {
    }

    static void drop(DriverEnv env, String table) {
        Connection c = env.open();
        String name = Identifiers.qualified(env.schema(), table);
        long deleted = 0;
        try (Statement st = c.createStatement()) {
            if (dev.shadowbot.engine.table.TableInspector.find(c, env.schema(), table).isPresent()) {
                int n;
                do {
                    env.beat();
                    n = st.executeUpdate(String.format(DELETE_CHUNK, name));
                    deleted += n;
                } while (n > 0);
            }
            st.execute(String.format(DROP, name));
            LOG.info("event=table_dropped {} table={} rows_deleted_first={}", env.tag(), table, deleted);
        } catch (SQLException e) {
            throw dev.shadowbot.engine.ShadowbotException.database("cannot drop " + table + " of deploy request "
                    + env.id() + ": " + e.getMessage(), "drop it by hand when the server is quiet", e);
        } finally {
            env.close(c);
        }
    }
}
