package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.apply.ChangeApplier;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import dev.shadowbot.engine.table.TableInfo;

/**
 * One table of a running deploy request, as the phases need it.
 *
 * @param migration the stored per-table row (as of when the context was built)
 * @param live      live table structure
 * @param shadow    shadow table structure
 * @param mapping   live → shadow column mapping
 * @param key       the shared key copy walks and apply deletes by
 * @param applier   writes changes of this table into the shadow
 */
public record TableContext(MigrationRecord migration, TableInfo live, TableInfo shadow, ColumnMapping mapping,
                           IndexInfo key, ChangeApplier applier) {
    public String table() {
        return live.name();
    }

    public String shadowName() {
        return shadow.name();
    }
}
