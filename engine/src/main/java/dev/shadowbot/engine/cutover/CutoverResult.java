package dev.shadowbot.engine.cutover;

/**
 * A completed swap.
 *
 * @param attempts      attempts used (1 = first try)
 * @param lockHeldMillis how long the live tables were write-locked on the successful attempt: the
 *                      write stall clients saw, drain included
 * @param drainMillis   the part of the lock spent draining the change stream
 * @param renameMillis  from unlock to the RENAME's return
 */
public record CutoverResult(int attempts, long lockHeldMillis, long drainMillis, long renameMillis) {
}
