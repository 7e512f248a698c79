package dev.shadowbot.engine.checksum;

import dev.shadowbot.engine.copy.ChunkCopier;
import dev.shadowbot.engine.copy.KeysetSql;
import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.table.ColumnInfo;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a live table and its shadow chunk by chunk (COUNT and BIT_XOR of CRC32 per key range),
 * on a connection whose transaction is a consistent snapshot taken when both tables were equal in
 * the binlog's eyes (see {@link ConsistentPoint}). Returns the ranges that differ.
 */
public final class TableChecksum {
    private final String schema;
    private final String shadow;
    private final ColumnMapping mapping;
    private final IndexInfo key;
    private final List<ColumnInfo> keyColumns;
    private final List<String> liveExprs = new ArrayList<>();
    private final List<String> shadowExprs = new ArrayList<>();
    private final List<String> liveCols = new ArrayList<>();
    private final List<String> shadowCols = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final boolean shadowRangeIndexed;

    public TableChecksum(String schema, String shadow, ColumnMapping mapping, IndexInfo key) {
        this.schema = schema;
        this.shadow = shadow;
        this.mapping = mapping;
        this.key = key;
        this.keyColumns = key.columns().stream().map(c -> mapping.live().column(c).orElseThrow()).toList();
        for (ColumnMapping.Pair p : mapping.columns()) {
            Optional<String[]> e = ChecksumSql.normalise(p);
            if (e.isEmpty()) {
                skipped.add(p.live().name() + " (" + p.live().columnType() + " → " + p.shadow().columnType() + ")");
                continue;
            }
            liveExprs.add(e.get()[0]);
            shadowExprs.add(e.get()[1]);
            liveCols.add(p.live().name());
            shadowCols.add(p.shadow().name());
        }
        // Range predicates on the shadow need an index led by the key's first column to stay cheap;
        // without one (e.g. a reordered primary key) the whole table is one chunk: one scan, not one per chunk.
        String first = key.columns().get(0);
        this.shadowRangeIndexed = mapping.shadow().indexes().stream()
                .anyMatch(i -> !i.columns().isEmpty() && i.columns().get(0).equalsIgnoreCase(first));
    }

    /** Columns left out of the comparison, with their old and new types. */
    public List<String> skippedColumns() {
        return List.copyOf(skipped);
    }

    /**
     * Checksums every chunk on {@code snapshot}; calls {@code betweenChunks} after each chunk so the
     * caller can keep applying changes on its own connection.
     */
    public ChecksumResult run(Connection snapshot, int chunkSize, Runnable betweenChunks) throws SQLException {
        KeysetSql after = KeysetSql.after(key.columns());
        KeysetSql atMost = KeysetSql.atMost(key.columns());
        List<ChecksumResult.Range> mismatches = new ArrayList<>();
        Object[] low = null;
        int chunks = 0;
        long rows = 0;
        while (true) {
            Object[] high = shadowRangeIndexed ? boundary(snapshot, after, low, chunkSize) : null;
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
            long[] liveSum = sum(snapshot, ChecksumSql.chunk(schema, mapping.live().name(), liveExprs, liveCols, w), args);
            long[] shadowSum = sum(snapshot, ChecksumSql.chunk(schema, shadow, shadowExprs, shadowCols, w), args);
            chunks++;
            rows += liveSum[0];
            if (liveSum[0] != shadowSum[0] || liveSum[1] != shadowSum[1]) {
                mismatches.add(new ChecksumResult.Range(low, high));
            }
            betweenChunks.run();
            if (high == null) {
                break;
            }
            low = high;
        }
        return new ChecksumResult(mapping.live().name(), chunks, rows, mismatches, skipped);
    }

    private Object[] boundary(Connection c, KeysetSql after, Object[] low, int size) throws SQLException {
        String cols = String.join(", ", key.columns().stream().map(Identifiers::quote).toList());
        String sql = "SELECT " + cols + " FROM " + Identifiers.qualified(schema, mapping.live().name())
                + " FORCE INDEX (" + Identifiers.quote(key.name()) + ")"
                + (low == null ? "" : " WHERE " + after.sql()) + " ORDER BY " + cols + " LIMIT 1 OFFSET ?";
        List<Object> args = new ArrayList<>();
        if (low != null) {
            args.addAll(after.bind(low));
        }
        args.add(Math.max(0, size - 1));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? ChunkCopier.readKey(rs, keyColumns) : null;
            }
        }
    }

    private static long[] sum(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
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
