package dev.shadowbot.engine.cutover;

import java.sql.Connection;

/**
 * What the cutover does while the live tables are write-locked: read the binlog position on the
 * locking connection and drain the change stream up to it, so the replacement tables hold exactly
 * the live rows. Throwing aborts the attempt; nothing is swapped.
 */
@FunctionalInterface
public interface UnderLock {
    void drain(Connection lockConnection) throws Exception;

    /**
     * Called on a locking connection just before the locks are taken: catch the
     * stream up to the current position, so that {@link #drain} under the lock, which the clients wait
     * for, has only the last few milliseconds of changes left. Bounded by the drain budget; throwing
     * aborts the attempt (nothing is locked yet). Correctness never depends on it: {@link #drain} alone
     * makes the replacements equal live.
     */
    default void beforeLock(Connection lockConnection) throws Exception {
    }
}
