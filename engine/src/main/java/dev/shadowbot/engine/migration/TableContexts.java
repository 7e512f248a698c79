package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.ChangeApplier;
import dev.shadowbot.engine.migration.preflight.UniqueDuplicatesCheck;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import dev.shadowbot.engine.table.TableInfo;
import dev.shadowbot.engine.table.TableInspector;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** Builds the per-table contexts of a prepared deploy request from the live and shadow tables. */
final class TableContexts {
    private TableContexts() {
    }

    static List<TableContext> load(DriverEnv env) {
        Connection c = env.open();
        try {
            List<TableContext> out = new ArrayList<>();
            for (MigrationRecord m : env.store().migrations(env.id())) {
                TableInfo live = TableInspector.read(c, env.schema(), m.table());
                TableInfo shadow = TableInspector.find(c, env.schema(), m.shadowTable()).orElseThrow(() ->
                        new ShadowbotException(ErrorCode.CONFLICT, "shadow table " + m.shadowTable() + " of "
                                + m.table() + " is missing", "cancel this deploy request and deploy again"));
                ColumnMapping mapping = ColumnMapping.between(live, shadow);
                IndexInfo key = mapping.sharedKey().orElseThrow(() -> new ShadowbotException(ErrorCode.BLOCKED,
                        "table " + m.table() + " has no shared unique key", "cancel this deploy request"));
                out.add(new TableContext(m, live, shadow, mapping, key,
                        new ChangeApplier(env.schema(), m.shadowTable(), mapping, key,
                                UniqueDuplicatesCheck.applyNeedsGuard(c, live, shadow))));
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw ShadowbotException.database("cannot read the tables of deploy request " + env.id() + ": "
                    + e.getMessage(), "check the server's log", e);
        } finally {
            env.close(c);
        }
    }
}
