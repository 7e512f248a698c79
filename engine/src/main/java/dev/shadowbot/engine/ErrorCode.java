package dev.shadowbot.engine;

/**
 * Stable error codes. The CLI maps them to exit codes; the bot maps them to comment text.
 * Codes are part of the public contract: never renumber or rename one.
 */
public enum ErrorCode {
    /** Findings block the change (lint errors, not deployable). */
    BLOCKED(1),
    /** Bad input: usage, an unreadable or unparsable file, a bad URL or setting. */
    BAD_INPUT(2),
    /** The database is unreachable, refused the connection, or refused a required setting. */
    DATABASE(3),
    /** A state conflict: the deploy request is not in a state that allows the operation. */
    CONFLICT(4),
    /**
     * The binlogs a deploy request's change stream must read from its stored position are gone (purged,
     * expired, reset) or were never on this server: waiting or retrying cannot help. Nothing was changed;
     * cancel the request, keep binlogs longer and deploy again.
     */
    BINLOG_GONE(5),
    /** A bug or an unexpected condition inside shadowbot. */
    INTERNAL(70);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code the CLI uses for this error. */
    public int exitCode() {
        return exitCode;
    }
}
