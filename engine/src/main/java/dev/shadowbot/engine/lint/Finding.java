package dev.shadowbot.engine.lint;

/**
 * One lint result.
 *
 * @param code        the stable code
 * @param severity    after config overrides
 * @param table       the table it is about (empty for file-level input problems)
 * @param file        schema file of the relevant definition, relative to the schema folder (may be empty
 *                    for live-only objects such as a dropped table)
 * @param line        1-based line in that file, 0 when unknown
 * @param message     one line: what is wrong
 * @param explanation what it means and how to fix it
 * @param suppressedBecause the reason given in a {@code -- shadowbot:ignore} comment, or null
 */
public record Finding(LintCode code, Severity severity, String table, String file, int line, String message,
                      String explanation, String suppressedBecause) {

    public static Finding of(LintCode code, String table, String file, int line, String message, String explanation) {
        return new Finding(code, code.defaultSeverity(), table, file == null ? "" : file, line, message, explanation,
                null);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(code, s, table, file, line, message, explanation, suppressedBecause);
    }

    public Finding suppressed(String reason) {
        return new Finding(code, severity, table, file, line, message, explanation, reason);
    }

    public boolean isSuppressed() {
        return suppressedBecause != null;
    }

    /** True when this finding blocks the deploy: an error that is not suppressed. */
    public boolean blocks() {
        return severity == Severity.error && !isSuppressed();
    }

    /** {@code file:line} when known, else the table name. */
    public String location() {
        if (file.isEmpty()) {
            return table;
        }
        return line > 0 ? file + ":" + line : file;
    }
}
