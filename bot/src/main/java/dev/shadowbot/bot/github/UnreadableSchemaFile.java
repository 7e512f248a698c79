package dev.shadowbot.bot.github;

import java.io.IOException;

/**
 * A schema folder could not be read completely: GitHub truncated the tree, a file is too large for the
 * API, is a symbolic link or submodule, or is not UTF-8 text. Planning must fail closed on it — a file
 * the bot did not see would otherwise be planned as a table to drop. Not retried: the same commit gives
 * the same answer.
 *
 * @param path the file (or folder) that could not be read, relative to the repository root
 */
public final class UnreadableSchemaFile extends IOException {
    private final String path;
    private final String reason;

    public UnreadableSchemaFile(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
