package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.table.ColumnInfo;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes changes of the now-live (new) table into the old table during the revert window, through
 * the inverse column mapping (new → old, columns in both). Unlike the forward applier it never uses
 * {@code REPLACE}: an existing old row is {@code UPDATE}d by key (so old-only columns keep their
 * values), a new one is {@code INSERT}ed (old-only columns take their defaults), in a strict session.
 * A change the old definition cannot hold fails with {@link RowRejected} naming the table, key and
 * server reason; it is never truncated or silently merged.
 *
 * <p>When the old table has a single unique key (the one rows are matched by), runs of writes go as
 * batched {@code INSERT … ON DUPLICATE KEY UPDATE} of the mapped columns and runs of deletes as one
 * batch: the same result, a round trip per batch instead of two per row (the revert applies a whole
 * window's backlog before it swaps). With a second unique key a duplicate there would update another
 * row instead of failing, so such tables go one row at a time. A batch the server refuses is applied
 * again one row at a time, which names the rejected row (or succeeds, e.g. where the old table has a
 * NOT NULL column without default that only the row-at-a-time UPDATE leaves alone; batches stay off for
 * the table then).
 */
public final class ReverseApplier implements TableApplier {
    /** A change the old table cannot take: the deploy request is not revertible from here on. */
    public static final class RowRejected extends SQLException {
        private static final long serialVersionUID = 1L;
        private final String table;
        private final String key;

        RowRejected(String table, String key, SQLException cause) {
            super("table " + table + " key " + key + ": " + cause.getMessage(), cause.getSQLState(), cause.getErrorCode(),
                    cause);
            this.table = table;
            this.key = key;
        }

        public String table() {
            return table;
        }

        public String key() {
            return key;
        }

        /** {@code table t, key id=5: Data too long for column 'v' at row 1}. */
        public String describe() {
            return "table " + table + ", key " + key + ": " + getCause().getMessage();
        }
    }

    private final String liveTable;
    private final int[] valueIndexes;
    private final int[] keyIndexes;
    private final List<String> keyNames;
    private final String existsSql;
    private final String updateSql;
    private final String insertSql;
    private final String deleteSql;
    /** Null when rows must go one at a time (see the class comment). */
    private final String upsertSql;
    private boolean batches;

    /**
     * @param schema  the schema of both tables
     * @param old     the old table (the revert target)
     * @param mapping live (new definition) → old table
     * @param key     a row-identifying key of the live table that maps onto a unique key of the old one
     */
    public ReverseApplier(String schema, String old, ColumnMapping mapping, IndexInfo key) {
        this.liveTable = mapping.live().name();
        List<ColumnMapping.Pair> pairs = mapping.columns();
        List<ColumnMapping.Pair> keyPairs = mapping.pairsOf(key.columns());
        this.valueIndexes = pairs.stream().mapToInt(p -> p.live().ordinal() - 1).toArray();
        this.keyIndexes = keyPairs.stream().mapToInt(p -> p.live().ordinal() - 1).toArray();
        this.keyNames = keyPairs.stream().map(p -> p.live().name()).toList();
        List<ColumnInfo> oldCols = pairs.stream().map(ColumnMapping.Pair::shadow).toList();
        List<ColumnInfo> liveCols = pairs.stream().map(ColumnMapping.Pair::live).toList();
        List<ColumnInfo> oldKey = keyPairs.stream().map(ColumnMapping.Pair::shadow).toList();
        List<ColumnInfo> liveKey = keyPairs.stream().map(ColumnMapping.Pair::live).toList();
        this.existsSql = ApplySql.exists(schema, old, oldKey, liveKey);
        this.updateSql = ApplySql.update(schema, old, oldCols, liveCols, oldKey, liveKey);
        this.insertSql = ApplySql.insert(schema, old, oldCols, liveCols);
        this.deleteSql = ApplySql.delete(schema, old, oldKey, liveKey);
        boolean singleUniqueKey = mapping.shadow().indexes().stream().filter(IndexInfo::unique).count() == 1;
        this.upsertSql = singleUniqueKey ? ApplySql.upsert(schema, old, oldCols, liveCols) : null;
        this.batches = upsertSql != null;
    }

    @Override
    public Coalescer newCoalescer() {
        return new Coalescer(keyIndexes);
    }

    @Override
    public void apply(Connection c, List<Coalescer.Op> ops) throws SQLException {
        if (batches) {
            try {
                applyBatched(c, ops);
                return;
            } catch (SQLException e) {
                if (retryable(e)) {
                    throw e; // the caller rolls the transaction back and applies it again
                }
                // Find the row the server refused (the rows before it are applied again, harmlessly).
                applyOneByOne(c, ops);
                batches = false;
                return;
            }
        }
        applyOneByOne(c, ops);
    }

    /** True while runs of rows go as batches (false: one row at a time). */
    boolean batching() {
        return batches;
    }

    /** Deadlock or lock wait timeout: not a verdict on the row. */
    private static boolean retryable(SQLException e) {
        return e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
    }

    /** Consecutive writes as one batched upsert, consecutive deletes as one batch, in order. */
    private void applyBatched(Connection c, List<Coalescer.Op> ops) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(upsertSql);
             PreparedStatement delete = c.prepareStatement(deleteSql)) {
            ChangeApplier.applyInRuns(ops, upsert, valueIndexes, delete, keyIndexes);
        }
    }

    private void applyOneByOne(Connection c, List<Coalescer.Op> ops) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(existsSql);
             PreparedStatement update = c.prepareStatement(updateSql);
             PreparedStatement insert = c.prepareStatement(insertSql);
             PreparedStatement delete = c.prepareStatement(deleteSql)) {
            for (Coalescer.Op op : ops) {
                try {
                    applyOne(op, exists, update, insert, delete);
                } catch (SQLException e) {
                    if (retryable(e)) {
                        throw e;
                    }
                    throw new RowRejected(liveTable, describeKey(op.row()), e);
                }
            }
        }
    }

    private void applyOne(Coalescer.Op op, PreparedStatement exists, PreparedStatement update,
                          PreparedStatement insert, PreparedStatement delete) throws SQLException {
        Object[] row = op.row();
        if (op.delete()) {
            ChangeApplier.bind(delete, row, keyIndexes);
            delete.executeUpdate();
            return;
        }
        ChangeApplier.bind(exists, row, keyIndexes);
        boolean present;
        try (ResultSet rs = exists.executeQuery()) {
            present = rs.next();
        }
        if (present) {
            ChangeApplier.bind(update, row, valueIndexes);
            ChangeApplier.bind(update, row, keyIndexes, valueIndexes.length);
            update.executeUpdate();
        } else {
            ChangeApplier.bind(insert, row, valueIndexes);
            insert.executeUpdate();
        }
    }

    private String describeKey(Object[] row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keyIndexes.length; i++) {
            Object v = row[keyIndexes[i]];
            String text = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v);
            sb.append(i == 0 ? "" : ",").append(keyNames.get(i)).append('=').append(text);
        }
        return sb.toString();
    }
}
