package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads every base table of a schema into the canonical model: the server's {@code SHOW CREATE TABLE}
 * text (one statement per table) plus information_schema rows read in bulk, one query per kind.
 * Leftover tables of online-schema-change tools are skipped (see {@link #isIgnored(String)}).
 */
public final class SchemaReader {
    /** Tables that belong to shadowbot or other online-schema-change tools, never to the user's schema. */
    private static final Pattern IGNORED = Pattern.compile("^_shadowbot_.*|^.+_shadowbot_\\d+_(old|new|rev)$|^_.+_(gho|ghc|new|old|del)$");

    private SchemaReader() {
    }

    /**
     * True for {@code _shadowbot_*}, {@code *_shadowbot_<id>_old} (tables retired by a cutover), {@code *_shadowbot_<id>_new} (shadows), {@code *_shadowbot_<id>_rev} (tables a revert retires), {@code _*_gho}, {@code _*_ghc}, {@code _*_new}, {@code _*_old}, {@code _*_del}.
     */
    public static boolean isIgnored(String table) {
        return IGNORED.matcher(table).matches();
    }

    /** Reads every table of {@code schema}, keyed and ordered by name. The schema may not exist (empty map). */
    public static Map<String, TableModel> read(Connection connection, String schema) throws SQLException {
        ServerInfo info = ServerInfo.detect(connection);
        Map<String, String[]> tables = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(SchemaReaderSql.TABLES)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!isIgnored(name)) {
                        tables.put(name, new String[] {rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)});
                    }
                }
            }
        }
        if (tables.isEmpty()) {
            return new TreeMap<>();
        }
        Map<String, List<ColumnModel>> columns = readColumns(connection, schema, info);
        Map<String, Map<String, List<IndexModel.Part>>> parts = readIndexParts(connection, schema, info);
        Map<String, TableModel> out = new TreeMap<>();
        try (Statement st = connection.createStatement()) {
            for (Map.Entry<String, String[]> t : tables.entrySet()) {
                String text;
                try (ResultSet rs = st.executeQuery(SchemaReaderSql.SHOW_CREATE_TABLE
                        + Identifiers.qualified(schema, t.getKey()))) {
                    rs.next();
                    text = rs.getString(2);
                }
                out.put(t.getKey(), build(t.getKey(), text, t.getValue(),
                        columns.getOrDefault(t.getKey(), List.of()), parts.getOrDefault(t.getKey(), Map.of())));
            }
        }
        return out;
    }

    /** The default charset and collation of a schema, or of the server when the schema does not exist. */
    public static String[] schemaDefaults(Connection connection, String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SchemaReaderSql.SCHEMA_DEFAULTS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new String[] {rs.getString(1), rs.getString(2)};
                }
            }
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery(SchemaReaderSql.SERVER_DEFAULTS)) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    /** Whether the schema exists. */
    public static boolean exists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SchemaReaderSql.SCHEMA_DEFAULTS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static TableModel build(String name, String showCreate, String[] table, List<ColumnModel> infoColumns,
                                    Map<String, List<IndexModel.Part>> parts) {
        ShowCreateParser.Parts p = ShowCreateParser.parse(showCreate);
        Map<String, String> defs = new HashMap<>();
        for (String def : p.columns()) {
            defs.put(ShowCreateParser.leadingName(def).toLowerCase(Locale.ROOT), def);
        }
        List<ColumnModel> cols = new ArrayList<>();
        for (ColumnModel c : infoColumns) {
            String def = defs.get(c.name().toLowerCase(Locale.ROOT));
            if (def == null) {
                throw new IllegalStateException("column " + c.name() + " of " + name + " is not in SHOW CREATE TABLE");
            }
            cols.add(new ColumnModel(c.name(), c.position(), def, c.dataType(), c.columnType(), c.charset(),
                    c.collation(), c.nullable(), c.defaultValue(), c.hasDefault(), c.onUpdate(), c.generation(),
                    c.stored(), c.autoIncrement(), c.comment(), c.invisible()));
        }
        List<IndexModel> indexes = new ArrayList<>();
        for (String def : p.indexes()) {
            String idx = ShowCreateParser.indexName(def);
            indexes.add(new IndexModel(idx, ShowCreateParser.indexKind(def), parts.getOrDefault(idx, List.of()), def));
        }
        List<ForeignKeyModel> fks = p.foreignKeys().stream().map(ShowCreateParser::foreignKey).toList();
        List<CheckModel> checks = p.checks().stream().map(ShowCreateParser::check).toList();
        String collation = table[1];
        String charset = p.options().get("DEFAULT CHARSET");
        if (charset == null && collation != null) {
            charset = collation.substring(0, Math.max(0, collation.indexOf('_')));
        }
        String comment = table[3] == null ? "" : table[3];
        String rowFormat = p.options().get("ROW_FORMAT");
        TableOptions options = new TableOptions(table[0], charset, collation, rowFormat, comment, p.partitioning(),
                p.options());
        return new TableModel(name, cols, indexes, fks, checks, options, p.canonical());
    }

    private static Map<String, List<ColumnModel>> readColumns(Connection c, String schema, ServerInfo info)
            throws SQLException {
        Map<String, List<ColumnModel>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SchemaReaderSql.COLUMNS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString("EXTRA") == null ? "" : rs.getString("EXTRA");
                    String lowerExtra = extra.toLowerCase(Locale.ROOT);
                    String gen = rs.getString("GENERATION_EXPRESSION");
                    boolean generated = lowerExtra.contains("generated") && !lowerExtra.startsWith("default_generated")
                            && gen != null && !gen.isEmpty() || lowerExtra.contains("virtual") || lowerExtra.contains("stored")
                            || lowerExtra.contains("persistent");
                    String def = rs.getString("COLUMN_DEFAULT");
                    boolean nullable = "YES".equals(rs.getString("IS_NULLABLE"));
                    if (info.isMariaDb() && "NULL".equals(def)) {
                        def = null;
                    }
                    boolean hasDefault = def != null || nullable;
                    String onUpdate = null;
                    int on = lowerExtra.indexOf("on update ");
                    if (on >= 0) {
                        onUpdate = extra.substring(on + "on update ".length()).trim();
                    }
                    out.computeIfAbsent(rs.getString("TABLE_NAME"), k -> new ArrayList<>()).add(new ColumnModel(
                            rs.getString("COLUMN_NAME"), rs.getInt("ORDINAL_POSITION"), "",
                            rs.getString("DATA_TYPE"), rs.getString("COLUMN_TYPE"),
                            rs.getString("CHARACTER_SET_NAME"), rs.getString("COLLATION_NAME"), nullable, def,
                            hasDefault, onUpdate, generated ? gen : null,
                            generated && (lowerExtra.contains("stored") || lowerExtra.contains("persistent")),
                            lowerExtra.contains("auto_increment"), rs.getString("COLUMN_COMMENT"),
                            lowerExtra.contains("invisible")));
                }
            }
        }
        return out;
    }

    private static Map<String, Map<String, List<IndexModel.Part>>> readIndexParts(Connection c, String schema,
                                                                                 ServerInfo info) throws SQLException {
        Map<String, Map<String, List<IndexModel.Part>>> out = new HashMap<>();
        String sql = info.isMariaDb() ? SchemaReaderSql.STATISTICS_MARIADB : SchemaReaderSql.STATISTICS_MYSQL;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int sub = rs.getInt("SUB_PART");
                    boolean whole = rs.wasNull();
                    out.computeIfAbsent(rs.getString("TABLE_NAME"), k -> new HashMap<>())
                            .computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>())
                            .add(new IndexModel.Part(rs.getString("COLUMN_NAME"), rs.getString("EXPRESSION"),
                                    whole ? 0 : sub, "D".equals(rs.getString("COLLATION"))));
                }
            }
        }
        return out;
    }
}
