package dev.shadowbot.engine.store;

import dev.shadowbot.engine.db.BinlogPosition;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * One stored deploy request.
 *
 * @param id             the deploy request id
 * @param schema         the target schema on the server
 * @param specJson       the deploy spec as JSON (what to change)
 * @param status         current state
 * @param createdAt      when it was queued (server time)
 * @param stagedAt       when it became staged, null before
 * @param startPosition  where the change stream started, empty before preparation
 * @param checkpoint     the stream position up to which every change is applied to the shadows
 * @param controlRequest a pending request from another process (e.g. {@code cancel}), or null
 * @param error          the error text of a failed request (or of the last failed cutover attempt), or null
 * @param cutoverPosition where the swap happened in the binlog, empty before the cutover
 * @param cutoverLockMillis how long the live tables were write-locked by the cutover, null before
 * @param windowEndsAt   when the revert window ends (server time), null before the cutover
 * @param windowOver     true when the window end has passed (judged by the server clock)
 * @param notRevertible  table, key and reason of the first change the old table could not take, or null
 * @param revertWindowSeconds the revert window chosen at creation, null = the cutting process's default
 * @param revertLockMillis how long the revert write-locked the tables, null before a revert
 */
public record DeployRequestRecord(long id, String schema, String specJson, DeployStatus status,
                                  LocalDateTime createdAt, LocalDateTime stagedAt,
                                  Optional<BinlogPosition> startPosition, Optional<BinlogPosition> checkpoint,
                                  String controlRequest, String error, Optional<BinlogPosition> cutoverPosition,
                                  Long cutoverLockMillis, LocalDateTime windowEndsAt, boolean windowOver,
                                  String notRevertible, Long revertWindowSeconds, Long revertLockMillis) {
}
