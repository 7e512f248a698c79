package dev.shadowbot.engine.store;

/**
 * One table of a deploy request.
 *
 * @param id            row id
 * @param table         the live table
 * @param shadowTable   its shadow
 * @param alterClauses  the ALTER clauses applied to the shadow
 * @param status        current state
 * @param rowsCopied    rows copied so far (a running count, not exact after a resume)
 * @param rowsTotal     estimated rows at the start of the copy
 * @param highWater     the copy checkpoint: encoded key of the last copied row, null before the first chunk
 * @param copyDone      true when every chunk is copied
 * @param error         error text, or null
 */
public record MigrationRecord(long id, String table, String shadowTable, String alterClauses, DeployStatus status,
                              long rowsCopied, long rowsTotal, String highWater, boolean copyDone, String error) {
}
