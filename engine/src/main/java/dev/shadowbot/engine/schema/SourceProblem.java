package dev.shadowbot.engine.schema;

/**
 * A problem found in a schema source file.
 *
 * @param file    the file's path relative to the schema folder
 * @param line    1-based line of the problem
 * @param column  1-based column of the problem
 * @param code    stable code: {@code parse-error}, {@code unsupported-statement}, {@code duplicate-table},
 *                {@code server-rejected}
 * @param message one line saying what is wrong
 */
public record SourceProblem(String file, int line, int column, String code, String message) {
    public static final String PARSE_ERROR = "parse-error";
    public static final String UNSUPPORTED_STATEMENT = "unsupported-statement";
    public static final String DUPLICATE_TABLE = "duplicate-table";
    /** The workspace server refused a CREATE TABLE; the message is the server's. */
    public static final String SERVER_REJECTED = "server-rejected";
    /** The folder holds no CREATE TABLE at all (planned, it would drop every table). */
    public static final String NO_TABLES = "no-tables";

    /** {@code file:line:column: message [code]}, the form editors and CI annotations understand. */
    public String render() {
        return file + ":" + line + ":" + column + ": " + message + " [" + code + "]";
    }
}
