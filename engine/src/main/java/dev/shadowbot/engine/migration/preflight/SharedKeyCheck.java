package dev.shadowbot.engine.migration.preflight;

import dev.shadowbot.engine.table.ColumnMapping;
import java.util.Optional;

/**
 * Copy walks, and apply deletes by, a key that identifies rows in both tables: a NOT NULL unique key of
 * the live table (primary key first) whose columns survive the change and still contain a NOT NULL
 * unique key of the new table.
 */
public final class SharedKeyCheck {
    private SharedKeyCheck() {
    }

    public static Optional<Refusal> check(ColumnMapping mapping) {
        if (mapping.sharedKey().isPresent()) {
            return Optional.empty();
        }
        String table = mapping.live().name();
        return Optional.of(new Refusal("shared_unique_key", "table " + table
                + " has no NOT NULL unique key that both the old and the new definition share",
                "keep the primary key's columns (or another NOT NULL UNIQUE key) in the new definition of " + table
                        + ", or add one in a separate deploy first"));
    }
}
