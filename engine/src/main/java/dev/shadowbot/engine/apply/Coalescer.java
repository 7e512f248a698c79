package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.change.StreamItem.RowChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces a batch of row changes of one table to one operation per key: the key's final state
 * (its last full image, or a delete). An update that changes the key deletes the old key and writes
 * the new one. Operations come out in the order of each key's LAST change, so two keys that the
 * server's collation treats as equal ('a' and 'A') still end in the right state.
 */
public final class Coalescer {
    /** The final operation for one key: write {@code row} (REPLACE) or delete it. */
    public record Op(boolean delete, Object[] row) {
    }

    private final int[] keyIndexes;
    private final Map<List<Object>, Op> ops = new LinkedHashMap<>();
    private int changes;

    /** @param keyIndexes 0-based positions of the key columns in the row images */
    public Coalescer(int[] keyIndexes) {
        this.keyIndexes = keyIndexes.clone();
    }

    public void add(RowChange c) {
        changes++;
        if (c.after() == null) {
            put(key(c.before()), new Op(true, c.before()));
            return;
        }
        List<Object> after = key(c.after());
        if (c.before() != null) {
            List<Object> before = key(c.before());
            if (!before.equals(after)) {
                put(before, new Op(true, c.before()));
            }
        }
        put(after, new Op(false, c.after()));
    }

    private void put(List<Object> key, Op op) {
        ops.remove(key); // re-insert so iteration order is last-change order
        ops.put(key, op);
    }

    List<Object> key(Object[] row) {
        List<Object> k = new ArrayList<>(keyIndexes.length);
        for (int i : keyIndexes) {
            Object v = row[i];
            k.add(v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : v);
        }
        return k;
    }

    /** The coalesced operations, in last-change order. */
    public List<Op> ops() {
        return List.copyOf(ops.values());
    }

    /** Changes added (before coalescing). */
    public int changes() {
        return changes;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public void clear() {
        ops.clear();
        changes = 0;
    }

    @Override
    public String toString() {
        return "Coalescer" + Arrays.toString(keyIndexes) + ops.size();
    }
}
