package dev.shadowbot.engine.copy;

import dev.shadowbot.engine.table.ColumnInfo;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the live table into its shadow in keyset chunks along the shared key:
 * {@code INSERT IGNORE … SELECT … WHERE key > lo AND key <= hi}. The copy reads the current live rows,
 * and INSERT IGNORE never overwrites a row the change stream already wrote, so copy and apply may
 * interleave in any order (see docs/online-migration.md).
 */
public final class ChunkCopier {
    /** One copied chunk: its upper bound (null when it was the last), rows inserted, time taken. */
    public record Chunk(Object[] high, long rows, long nanos, boolean last) {
    }

    private final Connection conn;
    private final String schema;
    private final String live;
    private final String shadow;
    private final IndexInfo key;
    private final List<ColumnInfo> keyColumns;
    private final List<String> liveCols;
    private final List<String> shadowCols;
    private final KeysetSql after;
    private final KeysetSql atMost;

    public ChunkCopier(Connection conn, String schema, String shadow, ColumnMapping mapping, IndexInfo key)
            throws SQLException {
        this.conn = conn;
        this.schema = schema;
        this.live = mapping.live().name();
        this.shadow = shadow;
        this.key = key;
        this.keyColumns = key.columns().stream().map(c -> mapping.live().column(c).orElseThrow()).toList();
        this.liveCols = mapping.columns().stream().map(p -> p.live().name()).toList();
        this.shadowCols = mapping.columns().stream().map(p -> p.shadow().name()).toList();
        this.after = KeysetSql.after(key.columns());
        this.atMost = KeysetSql.atMost(key.columns());
        try (Statement st = conn.createStatement()) {
            st.execute(CopySql.SESSION);
        }
    }

    /** Copies the next chunk of about {@code size} rows after {@code low} (null = from the start). */
    public Chunk next(Object[] low, int size) throws SQLException {
        long start = System.nanoTime();
        Object[] high = boundary(low, size);
        List<Object> args = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (low != null) {
            where.add(after.sql());
            args.addAll(after.bind(low));
        }
        if (high != null) {
            where.add(atMost.sql());
            args.addAll(atMost.bind(high));
        }
        String sql = CopySql.copy(schema, live, shadow, key.name(), shadowCols, liveCols, String.join(" AND ", where));
        long rows;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, args);
            rows = ps.executeUpdate();
        }
        return new Chunk(high, rows, System.nanoTime() - start, high == null);
    }

    /**
     * Replaces the shadow's rows in {@code (low, high]} (null bounds are open) with the live rows,
     * used when a checksum chunk differs.
     */
    public long recopy(Object[] low, Object[] high) throws SQLException {
        List<Object> args = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (low != null) {
            where.add(after.sql());
            args.addAll(after.bind(low));
        }
        if (high != null) {
            where.add(atMost.sql());
            args.addAll(atMost.bind(high));
        }
        String w = String.join(" AND ", where);
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            try (PreparedStatement ps = conn.prepareStatement(CopySql.deleteRange(schema, shadow, w))) {
                bind(ps, args);
                ps.executeUpdate();
            }
            long rows;
            try (PreparedStatement ps = conn.prepareStatement(
                    CopySql.copy(schema, live, shadow, key.name(), shadowCols, liveCols, w))) {
                bind(ps, args);
                rows = ps.executeUpdate();
            }
            conn.commit();
            return rows;
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    private Object[] boundary(Object[] low, int size) throws SQLException {
        String sql = CopySql.boundary(schema, live, key.name(), key.columns(), low == null ? null : after);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            List<Object> args = new ArrayList<>();
            if (low != null) {
                args.addAll(after.bind(low));
            }
            args.add(Math.max(0, size - 1));
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? readKey(rs, keyColumns) : null;
            }
        }
    }

    /** Reads a key from the current row: bytes for binary columns, text otherwise. */
    public static Object[] readKey(ResultSet rs, List<ColumnInfo> keyColumns) throws SQLException {
        Object[] key = new Object[keyColumns.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = keyColumns.get(i).isBinary() ? rs.getBytes(i + 1) : rs.getString(i + 1);
        }
        return key;
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object v = args.get(i);
            if (v instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }
}
