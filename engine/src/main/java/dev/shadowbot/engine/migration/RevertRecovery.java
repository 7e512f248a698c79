package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.table.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver died in REVERTING. The swap is all-or-nothing, so the old table's name says what happened:
 * still there means nothing was swapped (back to the window, the revert request stays pending); gone
 * means it is live again under the table's name (drop the new table, REVERTED).
 */
final class RevertRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(RevertRecovery.class);

    private RevertRecovery() {
    }

    /** Returns true when the revert had happened (the request is now reverted). */
    static boolean reconcile(DriverEnv env, Consumer<DeployStatus> move) {
        List<ReverseSync.Names> tables = ReverseSync.names(env);
        Connection c = env.open();
        int oldThere = 0;
        try {
            for (ReverseSync.Names names : tables) {
                if (TableInspector.find(c, env.schema(), names.old()).isPresent()) {
                    oldThere++;
                }
                if (TableInspector.find(c, env.schema(), names.live()).isEmpty()) {
                    throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + env.id() + " was reverting and "
                            + "table " + names.live() + " is missing", "inspect the " + names.live() + "_shadowbot_"
                            + env.id() + "_* tables by hand before doing anything else");
                }
            }
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot inspect the tables of deploy request " + env.id() + ": "
                    + e.getMessage(), "check the server", e);
        } finally {
            env.close(c);
        }
        List<String> quarantined = RevertWindowPhase.quarantined(env);
        Connection q = env.open();
        try {
            for (String t : quarantined) {
                if (TableInspector.find(q, env.schema(), t).isPresent()) {
                    oldThere++;
                }
            }
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot inspect the tables of deploy request " + env.id() + ": "
                    + e.getMessage(), "check the server", e);
        } finally {
            env.close(q);
        }
        int all = tables.size() + quarantined.size();
        if (oldThere == all) {
            LOG.info("event=revert_recovered {} swapped=false", env.tag());
            move.accept(DeployStatus.REVERSE_SYNCING);
            return false;
        }
        if (oldThere != 0) {
            throw new ShadowbotException(ErrorCode.INTERNAL, "deploy request " + env.id() + " was reverting and only "
                    + oldThere + " of " + all + " old tables are left", "inspect the *_shadowbot_" + env.id()
                    + "_* tables by hand before doing anything else");
        }
        LOG.info("event=revert_recovered {} swapped=true", env.tag());
        for (ReverseSync.Names names : tables) {
            OldTableDrop.drop(env, names.reverted());
        }
        move.accept(DeployStatus.REVERTED);
        env.store().clearControl(env.id());
        return true;
    }
}
