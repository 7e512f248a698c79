package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.table.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver died in CUTTING_OVER. The sentry cutover never swaps half, so the tables say what
 * happened: every shadow still there means nothing was swapped (back to STAGED); every shadow gone and
 * every retired table there means the swap happened (REVERSE_SYNCING: the stored checkpoint is the
 * position drained to under the lock, so the reverse stream starts there).
 */
final class CutoverRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CutoverRecovery.class);

    private CutoverRecovery() {
    }

    private static boolean isSentry(Connection c, String schema, String table) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && dev.shadowbot.engine.cutover.SentryCutover.SENTRY_COMMENT.equals(rs.getString(1));
            }
        }
    }

    /** Returns true when the swap had happened (the request is now in its revert window). */
    static boolean reconcile(DriverEnv env, Consumer<DeployStatus> move) {
        Connection c = env.open();
        try {
            int shadows = 0;
            int retired = 0;
            var migrations = env.store().migrations(env.id());
            for (MigrationRecord m : migrations) {
                if (TableInspector.find(c, env.schema(), m.shadowTable()).isPresent()) {
                    shadows++;
                }
                java.util.Optional<String> retiredName = ShadowNames.retired(env.id(), m.table());
                // A dead attempt's sentry under the retired name is not a retired table (the next attempt drops it).
                if (retiredName.isPresent() && TableInspector.find(c, env.schema(), retiredName.get()).isPresent()
                        && !isSentry(c, env.schema(), retiredName.get())) {
                    retired++;
                }
            }
            int expected = migrations.size() + env.spec().drops().size();
            for (String d : env.spec().drops()) {
                // A dropped table counts like a shadow while it still has its name.
                if (TableInspector.find(c, env.schema(), d).isPresent()) {
                    shadows++;
                }
                java.util.Optional<String> q = ShadowNames.retired(env.id(), d);
                if (q.isPresent() && TableInspector.find(c, env.schema(), q.get()).isPresent()) {
                    retired++;
                }
            }
            if (shadows == expected && retired == 0) {
                // A pending cutover request stays: the resumed driver tries again once staged.
                LOG.info("event=cutover_recovered dr={} swapped=false", env.id());
                move.accept(DeployStatus.STAGED);
                return false;
            }
            if (shadows == 0 && retired == expected) {
                LOG.info("event=cutover_recovered dr={} swapped=true", env.id());
                env.store().clearControl(env.id());
                move.accept(DeployStatus.REVERSE_SYNCING);
                return true;
            }
            throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + env.id() + " was cutting over and its"
                    + " tables are neither all swapped nor all untouched (" + shadows + " shadows, " + retired
                    + " retired tables of " + expected + ")", "inspect the *_shadowbot_" + env.id()
                    + "_* tables by hand before doing anything else");
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot inspect the tables of deploy request " + env.id() + ": "
                    + e.getMessage(), "check the server", e);
        } finally {
            env.close(c);
        }
    }
}
