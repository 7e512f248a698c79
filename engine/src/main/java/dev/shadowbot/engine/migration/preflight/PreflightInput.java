package dev.shadowbot.engine.migration.preflight;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything the server-level checks look at.
 *
 * @param settings       server settings and grants
 * @param schema         target schema
 * @param deployRequest  the deploy request's id (0 before it exists)
 * @param tables         live tables the request alters
 * @param existingTables every table name in the schema now
 * @param requiredBytes  estimated bytes the shadows will need (data + indexes of the live tables)
 * @param freeBytes      free bytes where the server keeps data, when shadowbot can see it
 */
public record PreflightInput(ServerSettings settings, String schema, long deployRequest, List<String> tables,
                             Set<String> existingTables, long requiredBytes, OptionalLong freeBytes) {
    public PreflightInput {
        tables = List.copyOf(tables);
        existingTables = Set.copyOf(existingTables);
    }
}
