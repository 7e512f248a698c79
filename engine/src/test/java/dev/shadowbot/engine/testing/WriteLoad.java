package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent writers against a {@link WriteLoadTable}: inserts, payload updates, key moves (across
 * the whole key range, so rows jump over the copy's high-water mark), deletes, multi-row
 * transactions and rolled-back transactions. Every ACKNOWLEDGED write (commit returned) is recorded
 * in a model; {@link #model()} is what the table must contain.
 *
 * <p>Writer {@code w} of {@code W} owns the key numbers {@code x ≡ w (mod W)}, so each key's writes
 * come from one thread in commit order and the model is exact without locks between writers.
 */
public final class WriteLoad implements AutoCloseable {
    /** A row's payload. */
    public record Row(String v, Integer n) {
    }

    // Non-ASCII text inside latin1's range, so charset conversions are exercised.
    private static final String[] WORDS = {"alpha", "bêta", "gamma", "délta", "über", "ñu", "quote'd", "back\\slash", ""};

    private final DatabaseUrl url;
    private final WriteLoadTable table;
    private final long keyBase;
    private final long keySpace;
    private final List<Writer> writers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param url       server URL (with or without database)
     * @param table     the table and its key columns
     * @param writers   number of writer threads
     * @param keySpace  key numbers range over {@code [0, keySpace)}
     */
    public WriteLoad(DatabaseUrl url, WriteLoadTable table, int writers, long keySpace) {
        this(url, table, writers, 0, keySpace);
    }

    /** Writers use key numbers in {@code [keyBase, keyBase + keySpace)} only (rows below are not theirs). */
    public WriteLoad(DatabaseUrl url, WriteLoadTable table, int writers, long keyBase, long keySpace) {
        this.url = url.withDatabase(table.schema());
        this.table = table;
        this.keyBase = keyBase;
        this.keySpace = keySpace;
        for (int w = 0; w < writers; w++) {
            this.writers.add(new Writer(w, writers, new Random(1000 + w)));
        }
    }

    /** Inserts {@code rows} rows with key numbers 0, step, 2·step… (recorded in the model) before the load starts. */
    public void seed(int rows, long step) throws SQLException {
        try (Connection c = Connections.open(url); PreparedStatement ps = c.prepareStatement(table.insertSql())) {
            c.setAutoCommit(false);
            Random r = new Random(7);
            for (int i = 0; i < rows; i++) {
                long x = i * step;
                Row row = randomRow(r);
                bindInsert(ps, x, row);
                ps.addBatch();
                owner(x).model.put(x, row);
                if (i % 1000 == 999) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    private Writer owner(long x) {
        return writers.get((int) (x % writers.size()));
    }

    /** Starts the writer threads. */
    public void start() {
        running.set(true);
        for (Writer w : writers) {
            w.thread = new Thread(w, "write-load-" + w.index);
            w.thread.setDaemon(true);
            w.thread.start();
        }
    }

    /** Stops the writers and waits for them; rethrows the first writer error. */
    public void stop() throws InterruptedException {
        running.set(false);
        for (Writer w : writers) {
            if (w.thread != null) {
                w.thread.join(30_000);
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("a writer failed: " + errors.get(0), errors.get(0));
        }
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    /** Transactions the server refused with a deadlock or lock wait timeout (not acknowledged). */
    public long refused() {
        return refused.get();
    }

    public long rolledBack() {
        return rolledBack.get();
    }

    /** Key number → payload of every row the table must hold (call after {@link #stop()}). */
    public Map<Long, Row> model() {
        Map<Long, Row> all = new TreeMap<>();
        for (Writer w : writers) {
            all.putAll(w.model);
        }
        return all;
    }

    /** The table's rows in the model's form, read from {@code tableName} (the live table or its shadow). */
    public Map<Long, Row> read(String tableName) throws SQLException {
        WriteLoadTable t = new WriteLoadTable(table.schema(), tableName, table.keyColumns());
        Map<Long, Row> out = new TreeMap<>();
        try (Connection c = Connections.open(url); PreparedStatement ps = c.prepareStatement(t.selectAllSql());
             ResultSet rs = ps.executeQuery()) {
            int k = table.keyColumns().size();
            while (rs.next()) {
                long x = k == 1 ? rs.getLong(1) : rs.getLong(1) * 1000 + rs.getLong(2);
                String v = rs.getString(k + 1);
                int n = rs.getInt(k + 2);
                out.put(x, new Row(v, rs.wasNull() ? null : n));
            }
        }
        return out;
    }

    private static Row randomRow(Random r) {
        return new Row(WORDS[r.nextInt(WORDS.length)] + r.nextInt(1000), r.nextInt(10) == 0 ? null : r.nextInt(1_000_000));
    }

    private void bindInsert(PreparedStatement ps, long x, Row row) throws SQLException {
        long[] key = table.key(x);
        int i = 1;
        for (long k : key) {
            ps.setLong(i++, k);
        }
        ps.setString(i++, row.v());
        ps.setObject(i, row.n());
    }

    private final class Writer implements Runnable {
        final int index;
        final int count;
        final Random random;
        final TreeMap<Long, Row> model = new TreeMap<>();
        Thread thread;

        Writer(int index, int count, Random random) {
            this.index = index;
            this.count = count;
            this.random = random;
        }

        /** A random key number this writer owns. */
        long ownedKey() {
            long x = keyBase + (long) (random.nextDouble() * keySpace);
            return x - Math.floorMod(x - index, count);
        }

        Long existingKey() {
            if (model.isEmpty()) {
                return null;
            }
            Long k = model.ceilingKey(ownedKey());
            return k != null ? k : model.firstKey();
        }

        @Override
        public void run() {
            try (Connection c = Connections.open(url)) {
                c.setAutoCommit(false);
                while (running.get()) {
                    int op = random.nextInt(100);
                    Map<Long, Row> changes = new HashMap<>();
                    boolean rollback = op >= 95;
                    int ops = op >= 85 ? 2 + random.nextInt(3) : 1;
                    try {
                        for (int i = 0; i < ops; i++) {
                            oneWrite(c, op >= 85 ? random.nextInt(85) : op, changes);
                        }
                    } catch (SQLException e) {
                        // Deadlock / lock wait timeout (e.g. against the copy's shared locks): the
                        // client sees an error, nothing is acknowledged, the transaction is rolled back.
                        if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
                            throw e;
                        }
                        c.rollback();
                        refused.incrementAndGet();
                        continue;
                    }
                    if (rollback) {
                        c.rollback();
                        rolledBack.incrementAndGet();
                    } else {
                        c.commit();
                        changes.forEach((k, v) -> {
                            if (v == null) {
                                model.remove(k);
                            } else {
                                model.put(k, v);
                            }
                        });
                        acknowledged.addAndGet(changes.size());
                    }
                    Thread.sleep(1 + random.nextInt(3));
                }
            } catch (SQLException | RuntimeException e) {
                errors.add(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** One statement; its effect goes to {@code changes} (null = deleted), applied to the model on commit. */
        private void oneWrite(Connection c, int op, Map<Long, Row> changes) throws SQLException {
            TreeMap<Long, Row> view = changes.isEmpty() ? model : new TreeMap<>(model);
            if (view != model) {
                changes.forEach((k, v) -> {
                    if (v == null) {
                        view.remove(k);
                    } else {
                        view.put(k, v);
                    }
                });
            }
            if (op < 30 || view.isEmpty()) {
                long x = ownedKey();
                if (view.containsKey(x)) {
                    return;
                }
                Row row = randomRow(random);
                try (PreparedStatement ps = c.prepareStatement(table.insertSql())) {
                    bindInsert(ps, x, row);
                    ps.executeUpdate();
                }
                changes.put(x, row);
                return;
            }
            Long x = view.ceilingKey(ownedKey());
            if (x == null) {
                x = view.firstKey();
            }
            if (op < 60) {
                Row row = randomRow(random);
                try (PreparedStatement ps = c.prepareStatement(table.updateSql())) {
                    ps.setString(1, row.v());
                    ps.setObject(2, row.n());
                    bindKey(ps, 3, x);
                    ps.executeUpdate();
                }
                changes.put(x, row);
            } else if (op < 72) {
                long to = ownedKey();
                if (view.containsKey(to)) {
                    return;
                }
                try (PreparedStatement ps = c.prepareStatement(table.moveSql())) {
                    int next = bindKey(ps, 1, to);
                    bindKey(ps, next, x);
                    ps.executeUpdate();
                }
                changes.put(to, view.get(x));
                changes.put(x, null);
            } else {
                try (PreparedStatement ps = c.prepareStatement(table.deleteSql())) {
                    bindKey(ps, 1, x);
                    ps.executeUpdate();
                }
                changes.put(x, null);
            }
        }

        private int bindKey(PreparedStatement ps, int from, long x) throws SQLException {
            int i = from;
            for (long k : table.key(x)) {
                ps.setLong(i++, k);
            }
            return i;
        }
    }

    @Override
    public void close() {
        if (running.get()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "WriteLoad[" + table.table() + ", acknowledged=" + acknowledged + ", rolledBack=" + rolledBack
                + ", refused=" + refused + "]";
    }

    /** The first differences between two row maps (key: expected vs actual), empty when equal. */
    public static java.util.List<String> differences(Map<Long, Row> expected, Map<Long, Row> actual, int max) {
        java.util.List<String> out = new ArrayList<>();
        java.util.Set<Long> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (Long k : keys) {
            if (!Objects.equals(expected.get(k), actual.get(k))) {
                out.add(k + ": " + expected.get(k) + " vs " + actual.get(k));
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }
}
