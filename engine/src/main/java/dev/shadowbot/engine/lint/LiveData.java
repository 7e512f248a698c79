package dev.shadowbot.engine.lint;

import java.util.List;
import java.util.OptionalLong;

/** Questions the data-dependent checks ask the live database. */
public interface LiveData {
    /** Rows where the column is NULL. */
    long nullCount(String table, String column);

    /**
     * Duplicate groups over the columns (rows with a NULL in any of them never collide).
     *
     * @param groups   distinct duplicated values
     * @param rows     rows that would be dropped to make the key unique
     * @param example  one duplicated value, rendered, or null
     */
    record Duplicates(long groups, long rows, String example) {
    }

    default Duplicates duplicates(String table, List<String> columns) {
        return duplicates(table, columns, java.util.Map.of());
    }

    /**
     * Duplicate groups over the columns as a changed key would compare them: a column named in
     * {@code collations} (column → collation, e.g. {@code utf8mb4_general_ci}) is grouped in that
     * collation, so 'a' and 'A' of a {@code _bin} column made {@code _ci} count as one value.
     */
    Duplicates duplicates(String table, List<String> columns, java.util.Map<String, String> collations);

    /** The table's next AUTO_INCREMENT value, when it has one. */
    OptionalLong autoIncrement(String table);

    /** Names of the triggers defined on this table. */
    List<String> triggers(String table);

    /** Tables (other than itself) whose foreign keys reference this table. */
    List<String> referencedBy(String table);
}
