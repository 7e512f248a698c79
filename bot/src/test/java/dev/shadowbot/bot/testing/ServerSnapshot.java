package dev.shadowbot.bot.testing;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every schema and table on a database server with its {@code SHOW CREATE TABLE}, read from the
 * server itself: two equal snapshots mean no DDL ran in between, no shadow table was created and no
 * workspace schema was left behind, anywhere on the server.
 */
public final class ServerSnapshot {
    private static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");

    private ServerSnapshot() {
    }

    /**
     * @param server  a URL of the server (any default database)
     * @param exclude schemas whose changes are expected (the bot's own state database)
     * @return {@code schema} and {@code schema.table} → {@code SHOW CREATE TABLE} text
     */
    public static Map<String, String> of(DatabaseUrl server, Set<String> exclude) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
            List<String> schemas = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
                while (rs.next()) {
                    String s = rs.getString(1);
                    if (!SYSTEM.contains(s.toLowerCase(java.util.Locale.ROOT)) && !exclude.contains(s)) {
                        schemas.add(s);
                    }
                }
            }
            for (String schema : schemas) {
                out.put(schema, "");
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SHOW FULL TABLES FROM " + Identifiers.quote(schema))) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Identifiers.quote(schema) + "."
                            + Identifiers.quote(t))) {
                        rs.next();
                        out.put(schema + "." + t, rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", ""));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }
}
