package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.ReverseApplier;
import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.apply.TableApplier;
import dev.shadowbot.engine.change.BinlogStream;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import dev.shadowbot.engine.table.TableInfo;
import dev.shadowbot.engine.table.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revert window's stream: from the stored checkpoint (the cutover position at first), every change
 * of the now-live table is applied into the old table through the inverse column mapping
 * ({@link ReverseApplier}), checkpointed like the forward stream; one stream for all tables of the request.
 */
final class ReverseSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseSync.class);

    /** The table being reverse-synced: live name, old table name, the new name a revert gives the live one. */
    record Names(String live, String old, String reverted) {
    }

    private final DriverEnv env;
    private final Connection conn;
    private final StreamApplier applier;

    private ReverseSync(DriverEnv env, Connection conn, StreamApplier applier) {
        this.env = env;
        this.conn = conn;
        this.applier = applier;
    }

    /** The names of every table of the request; BLOCKED when they do not fit in 64 characters. */
    static List<Names> names(DriverEnv env) {
        List<Names> all = new ArrayList<>();
        for (MigrationRecord m : env.store().migrations(env.id())) {
            String old = ShadowNames.retired(env.id(), m.table()).orElseThrow();
            String rev = ShadowNames.reverted(env.id(), m.table()).orElseThrow(() -> new ShadowbotException(
                    ErrorCode.BLOCKED, "table name " + m.table() + " is too long to keep the new table during a revert",
                    "revert is not available for this table"));
            all.add(new Names(m.table(), old, rev));
        }
        return all;
    }

    /**
     * Opens one reverse stream for all tables at {@code from}. Returns empty with the reason in
     * {@code whyNot} when a table pair shares no key the reverse apply could use (then the request is
     * not revertible).
     */
    static Optional<ReverseSync> open(DriverEnv env, List<Names> tables, BinlogPosition from, StringBuilder whyNot) {
        Connection c = env.open();
        try {
            Map<String, TableInfo> lives = new LinkedHashMap<>();
            Map<String, TableApplier> appliers = new LinkedHashMap<>();
            for (Names names : tables) {
                TableInfo live = TableInspector.read(c, env.schema(), names.live());
                TableInfo old = TableInspector.find(c, env.schema(), names.old()).orElseThrow(() -> new ShadowbotException(
                        ErrorCode.CONFLICT, "the old table " + names.old() + " of deploy request " + env.id() + " is missing",
                        "revert is not possible; run 'shadowbot skip-revert --id " + env.id() + "'"));
                ColumnMapping mapping = ColumnMapping.between(live, old);
                Optional<IndexInfo> key = mapping.sharedKey();
                if (key.isEmpty()) {
                    whyNot.append("table ").append(names.live()).append(": no unique key of the new definition identifies"
                            + " rows of the old one");
                    return Optional.empty();
                }
                lives.put(names.live(), live);
                appliers.put(names.live(), new ReverseApplier(env.schema(), names.old(), mapping, key.get()));
            }
            Connection applyConn = env.open();
            StreamApplier a = new StreamApplier(applyConn, appliers, pos -> {
                BinlogStream s = new BinlogStream(env.url(), env.schema(), lives, env.options().queueCapacity(),
                        "the revert window of deploy request " + env.id(), "revert is not possible from here; run"
                        + " 'shadowbot skip-revert --id " + env.id() + "' to keep the new schema");
                s.start(pos);
                LOG.info("event=reverse_stream_started {} tables={} position={} by={}", env.tag(), lives.keySet(), pos,
                        s.gtidMode() ? "gtid" : "file_position");
                return s;
            }, from, new StreamCheckpoints(env.store(), env.id()));
            return Optional.of(new ReverseSync(env, applyConn, a));
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot start the reverse sync of deploy request " + env.id() + ": "
                    + e.getMessage(), "check the server's log", e);
        } finally {
            env.close(c);
        }
    }

    StreamApplier applier() {
        return applier;
    }

    /** The rejection behind a failed apply, if that is what it was. */
    static Optional<ReverseApplier.RowRejected> rejection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReverseApplier.RowRejected r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        applier.close();
        env.close(conn);
    }
}
