package dev.shadowbot.engine.lint;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@link LiveData} answered by read-only queries on the live schema. */
public final class JdbcLiveData implements LiveData {
    private static final Pattern COLLATION = Pattern.compile("[a-z0-9]+_[a-z0-9_]+");
    private final Connection connection;
    private final String schema;

    public JdbcLiveData(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
    }

    @Override
    public long nullCount(String table, String column) {
        String sql = String.format(LintSql.NULL_COUNT, Identifiers.qualified(schema, table), Identifiers.quote(column));
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed("count NULLs in " + table + "." + column, e);
        }
    }

    @Override
    public Duplicates duplicates(String table, List<String> columns, Map<String, String> collations) {
        String cols = columns.stream().map(c -> grouped(c, collations)).collect(Collectors.joining(", "));
        String notNull = columns.stream().map(c -> Identifiers.quote(c) + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        String sql = String.format(LintSql.DUPLICATES, Identifiers.qualified(schema, table), cols, notNull);
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new Duplicates(rs.getLong(1), rs.getLong(2), rs.getString(3));
        } catch (SQLException e) {
            throw failed("look for duplicates in " + table, e);
        }
    }

    /** The column, or {@code CONVERT(col USING cs) COLLATE coll} when it is compared in another collation. */
    private static String grouped(String column, Map<String, String> collations) {
        String coll = collations.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (coll == null) {
            return Identifiers.quote(column);
        }
        String name = coll.toLowerCase(Locale.ROOT);
        if (!COLLATION.matcher(name).matches()) {
            throw new IllegalArgumentException("unexpected collation name " + coll);
        }
        return "CONVERT(" + Identifiers.quote(column) + " USING " + name.substring(0, name.indexOf('_')) + ") COLLATE " + name;
    }

    @Override
    public OptionalLong autoIncrement(String table) {
        try (PreparedStatement ps = connection.prepareStatement(LintSql.AUTO_INCREMENT)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
                }
                return OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw failed("read the AUTO_INCREMENT of " + table, e);
        }
    }

    @Override
    public List<String> triggers(String table) {
        try {
            return triggers(connection, schema, table);
        } catch (SQLException e) {
            throw failed("read the triggers of " + table, e);
        }
    }

    /** The trigger names of {@code schema.table} (also for the deploy's preflight). */
    public static List<String> triggers(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LintSql.TRIGGERS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Override
    public List<String> referencedBy(String table) {
        try (PreparedStatement ps = connection.prepareStatement(LintSql.REFERENCED_BY)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.setString(3, table);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read foreign keys referencing " + table, e);
        }
    }

    private static ShadowbotException failed(String what, SQLException e) {
        return ShadowbotException.database("lint could not " + what + ": " + e.getMessage(),
                "check that the user may SELECT on the schema and information_schema", e);
    }
}
