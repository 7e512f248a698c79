package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a table nobody uses any more (the old table when the revert window closes, the new one after a
 * revert, a quarantined dropped table) the way {@link MigrationOptions#retiredDrop} says: one
 * {@code DROP TABLE} (the default: it writes one statement to the binlog, no rows, and measured no client
 * stall worth the name at 1M rows on MariaDB 10.11/11.4 and MySQL 8.0, bench/RESULTS.md), or stepwise:
 * DELETE of {@value #CHUNK_ROWS} rows per transaction with a heartbeat in between (lease renewal, stop
 * requests), then DROP of the empty table, for servers where a DROP of a big table stalls the server
 * (older ones scanned the buffer pool under a global lock while unlinking a large file).
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
        RetiredDrop way = env.options().retiredDrop();
        try (Statement st = c.createStatement()) {
            long deleted = 0;
            if (way == RetiredDrop.DROP || dev.shadowbot.engine.table.TableInspector.find(c, env.schema(), table).isPresent()) {
                deleted = dropWith(st, way, name, env::beat);
            } else {
                st.execute(String.format(DROP, name));
            }
            LOG.info("event=table_dropped {} table={} way={} rows_deleted_first={}", env.tag(), table, way.cliName(), deleted);
        } catch (SQLException e) {
            throw dev.shadowbot.engine.ShadowbotException.database("cannot drop " + table + " of deploy request "
                    + env.id() + ": " + e.getMessage(), "drop it by hand when the server is quiet", e);
        } finally {
            env.close(c);
        }
    }

    /**
     * Drops {@code qualifiedName} (already quoted) the given way, calling {@code beat} between the steps;
     * returns the rows deleted before the DROP (0 for a plain DROP).
     */
    static long dropWith(Statement st, RetiredDrop way, String qualifiedName, Runnable beat) throws SQLException {
        long deleted = 0;
        if (way == RetiredDrop.STEPWISE) {
            int n;
            do {
                beat.run();
                n = st.executeUpdate(String.format(DELETE_CHUNK, qualifiedName));
                deleted += n;
            } while (n > 0);
        }
        st.execute(String.format(DROP, qualifiedName));
        return deleted;
    }
}
