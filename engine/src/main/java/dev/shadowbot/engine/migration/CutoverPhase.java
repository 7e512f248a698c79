package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.cutover.CutoverOptions;
import dev.shadowbot.engine.cutover.AutoIncrements;
import dev.shadowbot.engine.cutover.CutoverResult;
import dev.shadowbot.engine.cutover.SentryCutover;
import dev.shadowbot.engine.cutover.TableSwap;
import dev.shadowbot.engine.cutover.UnderLock;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositions;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Swaps every shadow of the request in one sentry-table cutover ({@link SentryCutover}): under the
 * write lock the stream drains to the position read on the locking connection, so each shadow holds
 * exactly the live rows when it is renamed into place; the old table keeps its rows under its
 * {@link ShadowNames#retired} name. Several tables swap in one RENAME (SentryCutover releases their
 * locks one by one in the RENAME's lock order). Returns the result and the swap position.
 */
final class CutoverPhase {
    /** A done swap and the binlog position at which the new tables took over. */
    record Swapped(CutoverResult result, BinlogPosition position) {
    }

    private CutoverPhase() {
    }

    static Swapped run(DriverEnv env, List<TableContext> tables, StreamApplier applier, CutoverOptions options) {
        List<TableSwap> swaps = new java.util.ArrayList<>(tables.stream()
                .map(t -> new TableSwap(t.table(), t.shadowName(), retired(env, t.table())))
                .toList());
        for (String d : env.spec().drops()) {
            swaps.add(TableSwap.drop(d, retired(env, d))); // quarantined in the same RENAME
        }
        AtomicReference<BinlogPosition> at = new AtomicReference<>();
        // Leave the cutover's own drain budget a second of slack, so our drain returns (and stops
        // using the applier) before the cutover abandons the attempt.
        Duration budget = options.drainBudget().minusSeconds(1).isNegative() ? options.drainBudget()
                : options.drainBudget().minusSeconds(1);
        Connection ddl = env.open(); // raises the shadows' AUTO_INCREMENT under the lock
        CutoverResult result;
        try {
            result = new SentryCutover(env.url(), options, Long.toString(env.id())).swap(swaps, new UnderLock() {
                @Override
                public void beforeLock(Connection c) throws Exception {
                    // Catch up just before the lock: the drain under it then has only the last moment's changes.
                    applier.drainTo(BinlogPositions.current(c, env.info()), budget);
                }

                @Override
                public void drain(Connection lock) throws Exception {
                    BinlogPosition p = BinlogPositions.current(lock, env.info());
                    applier.drainTo(p, budget);
                    for (TableContext t : tables) {
                        AutoIncrements.carry(ddl, env.schema(), t.table(), t.shadowName());
                    }
                    at.set(p);
                }
            });
        } finally {
            env.close(ddl);
        }
        if (at.get() == null) { // nothing was renamed (only new tables): the new schema is live from now on
            Connection c = env.open();
            try {
                at.set(BinlogPositions.current(c, env.info()));
            } finally {
                env.close(c);
            }
        }
        return new Swapped(result, at.get());
    }

    /** The old (or quarantined) table's name, BLOCKED when it does not fit. */
    static String retired(DriverEnv env, String table) {
        return ShadowNames.retired(env.id(), table).orElseThrow(() -> new ShadowbotException(ErrorCode.BLOCKED,
                "table name " + table + " is too long to keep the old table as " + table + "_shadowbot_" + env.id()
                        + "_old", "nothing was swapped and it stays staged; rename the table first"));
    }
}
