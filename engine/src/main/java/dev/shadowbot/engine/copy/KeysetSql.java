package dev.shadowbot.engine.copy;

import dev.shadowbot.engine.db.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyset range predicates over a (possibly composite) key, spelled out as OR-of-ANDs so every
 * server's range optimiser uses the index: {@code k > lo} is
 * {@code (a > ?) OR (a = ? AND b > ?)}, {@code k <= hi} is {@code (a < ?) OR (a = ? AND b < ?) OR (a = ? AND b = ?)}.
 *
 * @param sql        the predicate text, parenthesised
 * @param keyIndexes for each {@code ?}, the index of the key value to bind
 */
public record KeysetSql(String sql, List<Integer> keyIndexes) {
    public KeysetSql {
        keyIndexes = List.copyOf(keyIndexes);
    }

    /** {@code key > bound}. */
    public static KeysetSql after(List<String> columns) {
        return build(columns, ">", false);
    }

    /** {@code key <= bound}. */
    public static KeysetSql atMost(List<String> columns) {
        return build(columns, "<", true);
    }

    /** {@code key = bound}. */
    public static KeysetSql equal(List<String> columns) {
        List<String> parts = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parts.add(Identifiers.quote(columns.get(i)) + " = ?");
            idx.add(i);
        }
        return new KeysetSql("(" + String.join(" AND ", parts) + ")", idx);
    }

    private static KeysetSql build(List<String> columns, String op, boolean inclusive) {
        List<String> ors = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                ands.add(Identifiers.quote(columns.get(j)) + " = ?");
                idx.add(j);
            }
            ands.add(Identifiers.quote(columns.get(i)) + " " + op + " ?");
            idx.add(i);
            ors.add("(" + String.join(" AND ", ands) + ")");
        }
        if (inclusive) {
            KeysetSql eq = equal(columns);
            ors.add(eq.sql());
            idx.addAll(eq.keyIndexes());
        }
        return new KeysetSql("(" + String.join(" OR ", ors) + ")", idx);
    }

    /** The values to bind, in placeholder order. */
    public List<Object> bind(Object[] key) {
        List<Object> out = new ArrayList<>(keyIndexes.size());
        for (int i : keyIndexes) {
            out.add(key[i]);
        }
        return out;
    }

    /**
     * A key range {@code (low, high]} as a WHERE predicate and its arguments; a null bound is open,
     * and both null is the empty predicate (the whole table).
     */
    public record Range(String where, List<Object> args) {
        public Range {
            args = java.util.Collections.unmodifiableList(new ArrayList<>(args));
        }

        /** The predicate of {@code (low, high]} over {@code columns}. */
        public static Range of(List<String> columns, Object[] low, Object[] high) {
            List<String> where = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (low != null) {
                KeysetSql after = after(columns);
                where.add(after.sql());
                args.addAll(after.bind(low));
            }
            if (high != null) {
                KeysetSql atMost = atMost(columns);
                where.add(atMost.sql());
                args.addAll(atMost.bind(high));
            }
            return new Range(String.join(" AND ", where), args);
        }

        /** {@code " WHERE <predicate>"}, or empty for the whole table. */
        public String whereClause() {
            return where.isEmpty() ? "" : " WHERE " + where;
        }
    }
}
