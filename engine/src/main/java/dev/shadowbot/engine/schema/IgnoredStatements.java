package dev.shadowbot.engine.schema;

/**
 * Statements of one kind in one file that change nothing and were skipped, e.g. the {@code SET} and
 * {@code DROP TABLE IF EXISTS} lines of a dump. Reported at info level, once per file and kind.
 *
 * @param file   the file's path relative to the schema folder
 * @param line   1-based line of the first such statement
 * @param column 1-based column of the first such statement
 * @param kind   what they are, e.g. {@code SET} or {@code LOCK TABLES}
 * @param count  how many there were in the file
 */
public record IgnoredStatements(String file, int line, int column, String kind, int count) {
    /** {@code file:line:column: message}. */
    public String render() {
        return file + ":" + line + ":" + column + ": " + message();
    }

    /** One line saying what was skipped and why. */
    public String message() {
        return "ignored " + count + " " + kind + " statement" + (count == 1 ? "" : "s")
                + " (they change no table; the first is here)";
    }
}
