package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.table.ColumnInfo;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Writes coalesced row changes of one live table into its shadow by key: full after-images through
 * the column mapping, deletes by the shared key. It never reads the live table: the binlog image is
 * the truth at that point of the log.
 *
 * <p>When the live table enforces every unique key of the shadow the same way, an after-image goes as
 * {@code REPLACE}: a duplicate can only be a row the same batch rewrites later. With a unique key live
 * does not enforce (a new UNIQUE, or a unique column made case-insensitive) {@code REPLACE} would delete
 * whichever OTHER row holds the new key's value, an unrelated row silently lost. Then a batch first deletes every key it touches and then plainly
 * {@code INSERT}s the final images: the result is the live table's state at the batch's end, and a
 * duplicate left over means the live table holds two rows the new key cannot (the key is violated),
 * which fails the request with {@link KeyViolated} naming both rows, never loses one.
 */
public final class ChangeApplier implements TableApplier {
    private final String schema;
    private final String shadow;
    private final ColumnMapping mapping;
    private final int[] liveIndexes;
    private final int[] keyIndexes;
    private final String replaceSql;
    private final String insertSql;
    private final String deleteSql;
    /** A second unique key in the shadow: delete + insert, never REPLACE (see the class comment). */
    private final boolean guarded;

    /** Guarded whenever the shadow has a second unique key (the safe choice without the server's answer). */
    public ChangeApplier(String schema, String shadow, ColumnMapping mapping, IndexInfo key) {
        this(schema, shadow, mapping, key, mapping.shadow().indexes().stream().filter(IndexInfo::unique).count() > 1);
    }

    /**
     * @param guarded delete + insert instead of REPLACE: required when the shadow has a unique key the live
     *                table does not enforce the same way (a new one, or one over a changed collation)
     */
    public ChangeApplier(String schema, String shadow, ColumnMapping mapping, IndexInfo key, boolean guarded) {
        this.schema = schema;
        this.shadow = shadow;
        this.mapping = mapping;
        this.liveIndexes = mapping.columns().stream().mapToInt(p -> p.live().ordinal() - 1).toArray();
        List<ColumnMapping.Pair> keyPairs = mapping.pairsOf(key.columns());
        this.keyIndexes = keyPairs.stream().mapToInt(p -> p.live().ordinal() - 1).toArray();
        this.replaceSql = ApplySql.replace(schema, shadow, mapping.columns().stream().map(ColumnMapping.Pair::shadow).toList(),
                mapping.columns().stream().map(ColumnMapping.Pair::live).toList());
        this.insertSql = ApplySql.insert(schema, shadow, mapping.columns().stream().map(ColumnMapping.Pair::shadow).toList(),
                mapping.columns().stream().map(ColumnMapping.Pair::live).toList());
        this.deleteSql = ApplySql.delete(schema, shadow, keyPairs.stream().map(ColumnMapping.Pair::shadow).toList(),
                keyPairs.stream().map(ColumnMapping.Pair::live).toList());
        this.guarded = guarded;
    }

    @Override
    public Coalescer newCoalescer() {
        return new Coalescer(keyIndexes);
    }

    /** Prepares a connection for applying (strict sql_mode, UTC). */
    public static void prepareSession(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(ApplySql.SESSION);
        }
    }

    /**
     * Applies the operations in order on {@code c}, inside the caller's transaction: consecutive
     * operations of one kind go as one JDBC batch.
     */
    @Override
    public void apply(Connection c, List<Coalescer.Op> ops) throws SQLException {
        try {
            applyAll(c, ops);
        } catch (GuardedWrites.KeyViolated v) {
            throw v;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1213 || e.getErrorCode() == 1205) {
                throw e; // not a verdict on a row: the caller retries the batch
            }
            throw RowRefused.locate(c, ops, this, e);
        }
    }

    private void applyAll(Connection c, List<Coalescer.Op> ops) throws SQLException {
        if (guarded) {
            GuardedWrites.apply(c, ops, this, deleteSql, insertSql, liveIndexes, keyIndexes);
            return;
        }
        try (PreparedStatement replace = c.prepareStatement(replaceSql);
             PreparedStatement delete = c.prepareStatement(deleteSql)) {
            applyInRuns(ops, replace, liveIndexes, delete, keyIndexes);
        }
    }

    /** Applies one operation on its own (to find the one a refused batch stumbled on). */
    void applyOne(Connection c, Coalescer.Op op) throws SQLException {
        applyAll(c, List.of(op));
    }

    int[] keyIndexes() {
        return keyIndexes.clone();
    }

    /** True when after-images go as delete + insert (the shadow has a second unique key). */
    boolean guarded() {
        return guarded;
    }

    /**
     * Runs of consecutive writes as one JDBC batch of {@code write} (bound from {@code writeIndexes}),
     * runs of deletes as one batch of {@code delete} (bound from the key), in order.
     */
    static void applyInRuns(List<Coalescer.Op> ops, PreparedStatement write, int[] writeIndexes,
                            PreparedStatement delete, int[] keyIndexes) throws SQLException {
        Boolean pendingDelete = null;
        for (Coalescer.Op op : ops) {
            if (pendingDelete != null && pendingDelete != op.delete()) {
                (pendingDelete ? delete : write).executeBatch();
            }
            pendingDelete = op.delete();
            if (op.delete()) {
                bind(delete, op.row(), keyIndexes);
                delete.addBatch();
            } else {
                bind(write, op.row(), writeIndexes);
                write.addBatch();
            }
        }
        if (pendingDelete != null) {
            (pendingDelete ? delete : write).executeBatch();
        }
    }

    static void bind(PreparedStatement ps, Object[] row, int[] indexes) throws SQLException {
        bind(ps, row, indexes, 0);
    }

    /** Binds {@code row[indexes[i]]} to parameter {@code offset + i + 1}. */
    static void bind(PreparedStatement ps, Object[] row, int[] indexes, int offset) throws SQLException {
        for (int i = 0; i < indexes.length; i++) {
            Object v = row[indexes[i]];
            int p = offset + i + 1;
            if (v == null) {
                ps.setNull(p, Types.NULL);
            } else if (v instanceof byte[] b) {
                ps.setBytes(p, b);
            } else if (v instanceof java.math.BigInteger bi) {
                ps.setBigDecimal(p, new java.math.BigDecimal(bi));
            } else {
                ps.setObject(p, v);
            }
        }
    }

    public String shadow() {
        return shadow;
    }

    public String schema() {
        return schema;
    }

    public ColumnMapping mapping() {
        return mapping;
    }

    List<ColumnInfo> liveColumns() {
        return mapping.live().columns();
    }
}
