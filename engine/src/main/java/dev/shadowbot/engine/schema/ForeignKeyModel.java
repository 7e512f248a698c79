package dev.shadowbot.engine.schema;

import java.util.List;

/**
 * A foreign key.
 *
 * @param name              constraint name
 * @param columns           referencing columns
 * @param referencedSchema  the referenced table's schema, or null when it is the same schema
 * @param referencedTable   referenced table
 * @param referencedColumns referenced columns
 * @param onDelete          ON DELETE action, or null (RESTRICT)
 * @param onUpdate          ON UPDATE action, or null (RESTRICT)
 * @param definition        the constraint's line of {@code SHOW CREATE TABLE}, without the trailing comma
 */
public record ForeignKeyModel(String name, List<String> columns, String referencedSchema, String referencedTable,
                              List<String> referencedColumns, String onDelete, String onUpdate,
                              String definition) {
    public ForeignKeyModel {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
