package dev.shadowbot.engine.schema;

/**
 * A column as the server reports it.
 *
 * @param name          column name
 * @param position      1-based ordinal position
 * @param definition    the column's line of {@code SHOW CREATE TABLE}, without the trailing comma
 * @param dataType      e.g. {@code varchar}, {@code int}
 * @param columnType    full type, e.g. {@code varchar(255)}, {@code int(10) unsigned}, {@code enum('a','b')}
 * @param charset       character set, null for non-string columns
 * @param collation     collation, null for non-string columns
 * @param nullable      whether NULL is allowed
 * @param defaultValue  the default as information_schema reports it (server-specific quoting), or null
 * @param hasDefault    whether the column has a default (a NULL default counts)
 * @param onUpdate      the ON UPDATE expression, or null
 * @param generation    the generation expression of a generated column, or null
 * @param stored        true for a STORED generated column
 * @param autoIncrement whether the column is AUTO_INCREMENT
 * @param comment       the column comment, empty when none
 * @param invisible     whether the column is INVISIBLE
 */
public record ColumnModel(String name, int position, String definition, String dataType, String columnType,
                          String charset, String collation, boolean nullable, String defaultValue,
                          boolean hasDefault, String onUpdate, String generation, boolean stored,
                          boolean autoIncrement, String comment, boolean invisible) {

    public boolean isGenerated() {
        return generation != null;
    }

    /**
     * True when both columns have the same definition. Both sides come from the same server, so
     * equal {@code SHOW CREATE TABLE} lines mean equal columns, except that the line omits a charset
     * equal to the table's default, and MySQL 8.0 sometimes omits an explicit one: the charset and
     * collation are compared as well.
     */
    public boolean sameDefinition(ColumnModel other) {
        return java.util.Objects.equals(charset, other.charset) && java.util.Objects.equals(collation, other.collation)
                && withoutCharsetBeforeCollate(definition, charset).equals(withoutCharsetBeforeCollate(other.definition,
                other.charset));
    }

    /**
     * The definition without {@code CHARACTER SET x} before {@code COLLATE y}. MySQL 8.0 prints a
     * column that inherits a table collation other than the charset's default as {@code COLLATE y}, but
     * the same column created from that text as {@code CHARACTER SET x COLLATE y}: its own SHOW CREATE
     * TABLE does not print the same twice. Charset and collation are compared on their own.
     */
    private static String withoutCharsetBeforeCollate(String definition, String charset) {
        return charset == null ? definition : definition.replace(" CHARACTER SET " + charset + " COLLATE ", " COLLATE ");
    }
}
