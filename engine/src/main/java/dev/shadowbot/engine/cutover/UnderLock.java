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
}
