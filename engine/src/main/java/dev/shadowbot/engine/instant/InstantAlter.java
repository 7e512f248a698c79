package dev.shadowbot.engine.instant;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.cutover.CutoverOptions;
import dev.shadowbot.engine.cutover.LongTransactions;
import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the instant ALTERs of a cutover or a revert on the live tables. Each attempt first looks for a long
 * transaction holding a table ({@link LongTransactions}) and backs off instead of queueing every client
 * behind an ALTER that would wait for it; the ALTER itself waits at most {@code lock_wait_timeout = 1} s,
 * which bounds the stall of the clients queued behind it (the attempts and backoff are the cutover's). Several tables are
 * altered under one {@code LOCK TABLES … WRITE}, so clients see all of them change at once; if one ALTER
 * fails, the ones before it are undone under the same lock and nothing has changed.
 */
public final class InstantAlter {
    private static final Logger LOG = LoggerFactory.getLogger(InstantAlter.class);
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    /** The ALTER's lock_wait_timeout: clients queued behind a waiting ALTER stall at most this long. */
    static final long LOCK_WAIT_SECONDS = 1;

    /** One table: the clauses to run and the clauses that undo them. */
    public record Step(String table, String clauses, String undo) {
    }

    /**
     * @param attempts  attempts used
     * @param lockMillis how long the last attempt's ALTER (or lock) kept the tables from clients, at most
     */
    public record Result(int attempts, long lockMillis) {
    }

    private InstantAlter() {
    }

    /** Runs the steps; throws DATABASE (nothing changed) when every attempt failed. */
    public static Result run(Connection c, ServerInfo info, String schema, List<Step> steps, CutoverOptions options,
                             String label, Runnable beat) {
        List<String> tables = steps.stream().map(Step::table).toList();
        long backoff = options.backoff().toMillis();
        String last = "";
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            beat.run();
            LongTransactions.Blocking b = LongTransactions.blocking(c, info, schema, tables, LOCK_WAIT_SECONDS);
            // Where the server shows who holds the tables, never queue behind them; where it does not (any
            // long transaction counts), the last attempt goes ahead: its wait is bounded by the lock wait.
            if (!b.who().isEmpty() && (b.precise() || attempt < options.attempts())) {
                last = "a long transaction " + (b.precise() ? "holds the table: " : "is open: ") + String.join(", ", b.who());
                LOG.warn("event=instant_alter.backoff dr={} tables={} attempt={} reason=\"{}\"", label, tables, attempt, last);
                sleep(backoff);
                backoff *= 2;
                continue;
            }
            try {
                long ms = attempt(c, schema, steps);
                LOG.info("event=instant_alter.done dr={} tables={} attempt={} lock_ms={}", label, tables, attempt, ms);
                return new Result(attempt, ms);
            } catch (SQLException e) {
                last = InstantProbe.message(e);
                if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT) {
                    throw ShadowbotException.database("the instant ALTER of " + String.join(", ", tables)
                                    + " failed: " + last, "nothing was changed; see 'shadowbot status' and the server's log", e);
                }
                LOG.warn("event=instant_alter.retry dr={} tables={} attempt={} reason=\"{}\"", label, tables, attempt, last);
                sleep(backoff);
                backoff *= 2;
            }
        }
        throw ShadowbotException.database("the instant ALTER of " + String.join(", ", tables) + " gave up after "
                        + options.attempts() + " attempts: " + last,
                "nothing was changed; find the long transaction holding the table (SHOW PROCESSLIST) and try again", null);
    }

    private static long attempt(Connection c, String schema, List<Step> steps) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(InstantSql.SET_LOCK_WAIT)) {
            ps.setLong(1, LOCK_WAIT_SECONDS);
            ps.execute();
        }
        try (Statement st = c.createStatement()) {
            long start = System.nanoTime();
            if (steps.size() == 1) {
                Step s = steps.get(0);
                st.execute(InstantSql.alterInstant(schema, s.table(), s.clauses()));
                return (System.nanoTime() - start) / 1_000_000;
            }
            st.execute(InstantSql.lockWrite(schema, steps.stream().map(Step::table).toList()));
            long locked = System.nanoTime();
            List<Step> done = new ArrayList<>();
            try {
                for (Step s : steps) {
                    st.execute(InstantSql.alterInstant(schema, s.table(), s.clauses()));
                    done.add(s);
                }
            } catch (SQLException e) {
                for (int i = done.size() - 1; i >= 0; i--) {
                    Step s = done.get(i);
                    st.execute(InstantSql.alterInstant(schema, s.table(), s.undo()));
                }
                throw e;
            } finally {
                st.execute(InstantSql.UNLOCK);
            }
            return (System.nanoTime() - locked) / 1_000_000;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShadowbotException(dev.shadowbot.engine.ErrorCode.INTERNAL, "interrupted", "");
        }
    }
}
