package dev.shadowbot.engine.throttle;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the copy back while a configured replica lags: before each chunk, waits while any replica's
 * {@code Seconds_Behind_Source} ({@code Seconds_Behind_Master} on MariaDB and older MySQL) exceeds the
 * limit, or cannot be read (unreachable, not replicating, not a replica, no privilege) — an unknown lag
 * is not a small lag. Waiting is unbounded (the copy resumes when the replicas catch up; cancel still
 * works through the heartbeat) and is logged every 10 s with the reason.
 */
public final class ReplicaLag implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaLag.class);
    private static final long RECHECK_NANOS = 250_000_000L;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    /** One reading: the lag in seconds, or null with the reason it is unknown. */
    public record Reading(DatabaseUrl replica, Long seconds, String problem) {
        public boolean known() {
            return seconds != null;
        }

        @Override
        public String toString() {
            return replica + (known() ? " lag " + seconds + " s" : ": " + problem);
        }
    }

    private final List<DatabaseUrl> replicas;
    private final Duration max;
    private final Connection[] conns;
    private long waitedNanos;
    private long lastOkNanos;

    public ReplicaLag(List<DatabaseUrl> replicas, Duration max) {
        this.replicas = List.copyOf(replicas);
        this.max = max;
        this.conns = new Connection[replicas.size()];
    }

    /**
     * Blocks while a replica is over the limit or unreadable, calling {@code beat} between checks
     * (the driver's heartbeat, which throws to stop on cancel).
     */
    public void await(Runnable beat) throws InterruptedException {
        if (replicas.isEmpty() || System.nanoTime() - lastOkNanos < RECHECK_NANOS) {
            return;
        }
        long start = System.nanoTime();
        long lastLog = 0;
        while (true) {
            List<Reading> bad = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                Reading r = read(i);
                if (!r.known() || r.seconds() > max.toSeconds()) {
                    bad.add(r);
                }
            }
            long now = System.nanoTime();
            if (bad.isEmpty()) {
                lastOkNanos = now;
                waitedNanos += now - start;
                if (lastLog != 0) {
                    LOG.info("event=replica_lag_resumed waited_ms={}", (now - start) / 1_000_000);
                }
                return;
            }
            if (lastLog == 0 || now - lastLog >= LOG_EVERY_NANOS) {
                LOG.warn("event=replica_lag_pause max_lag_s={} replicas=\"{}\" waited_ms={}", max.toSeconds(), bad,
                        (now - start) / 1_000_000);
                lastLog = now;
            }
            beat.run();
            Thread.sleep(250);
        }
    }

    /** Total time spent waiting for replicas. */
    public Duration waited() {
        return Duration.ofNanos(waitedNanos);
    }

    /** Reads the lag of every configured replica now. */
    public List<Reading> readAll() {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            out.add(read(i));
        }
        return out;
    }

    private Reading read(int i) {
        DatabaseUrl url = replicas.get(i);
        try {
            if (conns[i] == null || !conns[i].isValid(2)) {
                close(i);
                conns[i] = Connections.open(url);
            }
            return lag(conns[i], url);
        } catch (SQLException e) {
            close(i);
            return new Reading(url, null, "cannot read the replica status: " + e.getMessage());
        } catch (ShadowbotException e) {
            close(i);
            return new Reading(url, null, "unreachable: " + e.userMessage());
        }
    }

    /**
     * The replication lag of the server behind {@code c}: {@code SHOW REPLICA STATUS} (MySQL 8.0.22+,
     * MariaDB 10.5+) or {@code SHOW SLAVE STATUS}; NULL seconds means a replication thread is stopped.
     */
    public static Reading lag(Connection c, DatabaseUrl url) throws SQLException {
        ServerInfo info = ServerInfo.detect(c);
        boolean replicaSyntax = info.isMariaDb() ? info.atLeast(10, 5, 1) : info.atLeast(8, 0, 22);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(replicaSyntax ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return new Reading(url, null, "not a replica (replica status is empty)");
            }
            ResultSetMetaData md = rs.getMetaData();
            for (int col = 1; col <= md.getColumnCount(); col++) {
                String name = md.getColumnLabel(col).toLowerCase(Locale.ROOT);
                if (name.equals("seconds_behind_source") || name.equals("seconds_behind_master")) {
                    long v = rs.getLong(col);
                    return rs.wasNull()
                            ? new Reading(url, null, "not replicating (" + md.getColumnLabel(col) + " is NULL: a"
                                    + " replication thread is stopped)")
                            : new Reading(url, v, null);
                }
            }
            return new Reading(url, null, "the replica status has no Seconds_Behind column");
        }
    }

    private void close(int i) {
        if (conns[i] != null) {
            try {
                conns[i].close();
            } catch (SQLException ignored) {
                // reopened on the next reading
            }
            conns[i] = null;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < conns.length; i++) {
            close(i);
        }
    }
}
