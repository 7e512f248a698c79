package dev.shadowbot.engine.throttle;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Holds the copy back while the server is busy: before each chunk, waits while
 * {@code Threads_running} exceeds the limit (checking every 100 ms, for at most {@code maxWait} so a
 * busy server slows the copy down but never stops it forever).
 */
public final class Throttler {
    static final String THREADS_RUNNING = "SHOW GLOBAL STATUS LIKE 'Threads_running'";

    private final int threadsRunningLimit;
    private final Duration maxWait;
    private long throttledNanos;

    public Throttler(int threadsRunningLimit, Duration maxWait) {
        this.threadsRunningLimit = threadsRunningLimit;
        this.maxWait = maxWait;
    }

    public static Throttler defaults() {
        return new Throttler(50, Duration.ofSeconds(30));
    }

    /** True when {@code threadsRunning} is over the limit. */
    public boolean overLimit(long threadsRunning) {
        return threadsRunning > threadsRunningLimit;
    }

    /** Blocks while the server is over the limit; returns how long it waited. */
    public Duration await(Connection c) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        while (overLimit(threadsRunning(c)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long waited = System.nanoTime() - start;
        throttledNanos += waited;
        return Duration.ofNanos(waited);
    }

    /** Total time spent waiting. */
    public Duration throttled() {
        return Duration.ofNanos(throttledNanos);
    }

    static long threadsRunning(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(THREADS_RUNNING)) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }
}
