package dev.shadowbot.engine.schema;

/**
 * One desired table as written in a schema file.
 *
 * @param name      the table name (unquoted)
 * @param createSql the CREATE TABLE statement exactly as written (no trailing delimiter)
 * @param file      the file's path relative to the schema folder
 * @param line      1-based line where the statement starts
 * @param column    1-based column where the statement starts
 */
public record TableSource(String name, String createSql, String file, int line, int column) {
    /** A statement that starts at the beginning of its line. */
    public TableSource(String name, String createSql, String file, int line) {
        this(name, createSql, file, line, 1);
    }

    /** {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }
}
