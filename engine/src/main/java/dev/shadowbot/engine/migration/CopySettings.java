package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.db.DatabaseUrl;
import java.time.Duration;
import java.util.List;

/**
 * Tuning of the copy beyond chunk sizes.
 *
 * @param threads       connections copying chunks in parallel (1 = sequential)
 * @param replicas      replicas whose lag holds the copy back (empty = none)
 * @param maxReplicaLag copy pauses while any replica lags more than this, or cannot be read
 * @param deferIndexesFromRows a shadow of a table with at least this many rows (estimate) gets its
 *                      plain secondary indexes after the copy, in one sorted build
 */
public record CopySettings(int threads, List<DatabaseUrl> replicas, Duration maxReplicaLag, long deferIndexesFromRows) {
    /** Two copy connections, no replicas, 1 s lag limit, indexes deferred from 50,000 rows. */
    public static final CopySettings DEFAULTS = new CopySettings(2, List.of(), Duration.ofSeconds(1), 50_000);

    public CopySettings {
        if (threads < 1 || threads > 16) {
            throw new IllegalArgumentException("copy threads must be 1..16, not " + threads);
        }
        if (maxReplicaLag.isNegative() || maxReplicaLag.isZero()) {
            throw new IllegalArgumentException("the replica lag limit must be positive: " + maxReplicaLag);
        }
        replicas = List.copyOf(replicas);
    }

    public CopySettings withThreads(int n) {
        return new CopySettings(n, replicas, maxReplicaLag, deferIndexesFromRows);
    }

    public CopySettings withReplicas(List<DatabaseUrl> urls, Duration maxLag) {
        return new CopySettings(threads, urls, maxLag, deferIndexesFromRows);
    }

    public CopySettings withDeferIndexesFromRows(long rows) {
        return new CopySettings(threads, replicas, maxReplicaLag, rows);
    }
}
