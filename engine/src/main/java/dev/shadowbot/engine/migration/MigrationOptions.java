package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.cutover.CutoverOptions;
import java.time.Duration;
import java.util.UUID;

/**
 * Tuning of the migration runner.
 *
 * @param chunkTarget         time one copy chunk should take
 * @param threadsRunningLimit copy waits while Threads_running is above this
 * @param leaseSeconds        how long a driver's lease lasts without renewal
 * @param checksumChunkRows   rows per checksum chunk (default 40,000: each chunk is two locked range reads and a drain)
 * @param checksumRounds      checksum-and-recopy rounds before giving up
 * @param lockWaitSeconds     lock_wait_timeout for the checksum's table lock
 * @param queueCapacity       change stream queue size (rows)
 * @param initialChunkRows    rows in the first copy chunk (the sizer adapts from there)
 * @param cutover             sentry cutover timeouts and retries
 * @param owner               this process's lease owner name
 * @param revertWindow        how long after cutover the old table is kept in sync for a revert
 *                            (default 30 min; zero = no window, the request completes at once)
 * @param copy                copy parallelism and replica-lag throttle
 * @param retiredDrop         how retired tables are dropped (default {@link #DEFAULT_RETIRED_DROP})
 */
public record MigrationOptions(Duration chunkTarget, int threadsRunningLimit, int leaseSeconds, int checksumChunkRows,
                               int checksumRounds, int lockWaitSeconds, int queueCapacity, int initialChunkRows,
                               CutoverOptions cutover, String owner, Duration revertWindow, CopySettings copy,
                               RetiredDrop retiredDrop) {

    /** The default revert window. */
    public static final Duration DEFAULT_REVERT_WINDOW = Duration.ofMinutes(30);

    /** The default way of dropping retired tables (chosen from bench/RESULTS.md, "Dropping a retired table"). */
    public static final RetiredDrop DEFAULT_RETIRED_DROP = RetiredDrop.DROP;

    public MigrationOptions {
        if (copy == null) {
            copy = CopySettings.DEFAULTS;
        }
        if (retiredDrop == null) {
            retiredDrop = DEFAULT_RETIRED_DROP;
        }
        if (revertWindow.isNegative()) {
            throw new IllegalArgumentException("the revert window cannot be negative: " + revertWindow);
        }
    }

    public static MigrationOptions defaults() {
        return new MigrationOptions(Duration.ofMillis(500), 50, 30, 40_000, 3, 2, 20_000, 1000, CutoverOptions.DEFAULTS,
                defaultOwner(), DEFAULT_REVERT_WINDOW, CopySettings.DEFAULTS, DEFAULT_RETIRED_DROP);
    }

    public MigrationOptions withLeaseSeconds(int seconds) {
        return new MigrationOptions(chunkTarget, threadsRunningLimit, seconds, checksumChunkRows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialChunkRows, cutover, owner, revertWindow, copy, retiredDrop);
    }

    public MigrationOptions withChecksumChunkRows(int rows) {
        return new MigrationOptions(chunkTarget, threadsRunningLimit, leaseSeconds, rows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialChunkRows, cutover, owner, revertWindow, copy, retiredDrop);
    }

    public MigrationOptions withOwner(String owner) {
        return new MigrationOptions(chunkTarget, threadsRunningLimit, leaseSeconds, checksumChunkRows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialChunkRows, cutover, owner, revertWindow, copy, retiredDrop);
    }

    public MigrationOptions withChunks(Duration target, int initialRows) {
        return new MigrationOptions(target, threadsRunningLimit, leaseSeconds, checksumChunkRows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialRows, cutover, owner, revertWindow, copy, retiredDrop);
    }

    public MigrationOptions withCutover(CutoverOptions options) {
        return new MigrationOptions(chunkTarget, threadsRunningLimit, leaseSeconds, checksumChunkRows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialChunkRows, options, owner, revertWindow, copy, retiredDrop);
    }

    public MigrationOptions withRevertWindow(Duration window) {
        return new MigrationOptions(chunkTarget, threadsRunningLimit, leaseSeconds, checksumChunkRows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialChunkRows, cutover, owner, window, copy, retiredDrop);
    }

    public MigrationOptions withCopy(CopySettings settings) {
        return new MigrationOptions(chunkTarget, threadsRunningLimit, leaseSeconds, checksumChunkRows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialChunkRows, cutover, owner, revertWindow, settings, retiredDrop);
    }

    public MigrationOptions withRetiredDrop(RetiredDrop way) {
        return new MigrationOptions(chunkTarget, threadsRunningLimit, leaseSeconds, checksumChunkRows, checksumRounds,
                lockWaitSeconds, queueCapacity, initialChunkRows, cutover, owner, revertWindow, copy, way);
    }

    /** host:pid:random, unique per process start. */
    public static String defaultOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
