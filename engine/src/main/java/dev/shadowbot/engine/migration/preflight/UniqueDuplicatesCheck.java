package dev.shadowbot.engine.migration.preflight;

import dev.shadowbot.engine.lint.JdbcLiveData;
import dev.shadowbot.engine.lint.LiveData;
import dev.shadowbot.engine.table.IndexInfo;
import dev.shadowbot.engine.table.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Before the copy: a unique key of the new definition (a new one, or one whose text column changes
 * collation) must hold the live rows. The copy's {@code INSERT IGNORE} would silently skip the
 * duplicates and the checksum would fail rounds later blaming something else; this refuses at once,
 * naming the key and one duplicated value. Grouped as the new key compares (see
 * {@link LiveData#duplicates(String, List, Map)}).
 */
public final class UniqueDuplicatesCheck {
    private static final String COLLATIONS = "SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

    private UniqueDuplicatesCheck() {
    }

    /** A unique key of the new definition that the live table does not already enforce the same way. */
    private record Uncovered(IndexInfo key, Map<String, String> changedCollations, boolean overNewColumn) {
    }

    public static Optional<Refusal> check(Connection c, TableInfo live, TableInfo shadow) throws SQLException {
        for (Uncovered u : uncovered(c, live, shadow)) {
            if (u.overNewColumn()) {
                continue; // no live values yet
            }
            IndexInfo k = u.key();
            Map<String, String> changed = u.changedCollations();
            LiveData.Duplicates d = new JdbcLiveData(c, live.schema()).duplicates(live.name(), k.columns(), changed);
            if (d.groups() > 0) {
                return Optional.of(new Refusal("unique_duplicates", "table " + live.name() + " holds " + d.groups()
                        + " duplicate value" + (d.groups() == 1 ? "" : "s") + " of the new unique key " + k.name() + " ("
                        + String.join(", ", k.columns()) + (changed.isEmpty() ? "" : " compared in "
                        + String.join(", ", changed.values())) + "), e.g. '" + d.example() + "'",
                        "remove the duplicates from " + live.name() + " (the plan counts them), then deploy again"));
            }
        }
        return Optional.empty();
    }

    /**
     * True when the new definition has a unique key the live table does not enforce the same way (a new
     * one, one over changed collations, one over a new column): the forward apply must then never use
     * {@code REPLACE} (see {@code ChangeApplier}). Where live enforces every one of them, a conflict in
     * the shadow can only be with a row the same batch rewrites later, which REPLACE gets right.
     */
    public static boolean applyNeedsGuard(Connection c, TableInfo live, TableInfo shadow) throws SQLException {
        return !uncovered(c, live, shadow).isEmpty();
    }

    private static List<Uncovered> uncovered(Connection c, TableInfo live, TableInfo shadow) throws SQLException {
        Map<String, String> liveColl = collations(c, live);
        Map<String, String> shadowColl = collations(c, shadow);
        Set<String> liveColumns = live.columns().stream().map(x -> lower(x.name())).collect(Collectors.toSet());
        List<Uncovered> out = new java.util.ArrayList<>();
        for (IndexInfo k : shadow.indexes()) {
            if (!k.unique()) {
                continue;
            }
            if (k.prefixed() || !k.columns().stream().map(UniqueDuplicatesCheck::lower).allMatch(liveColumns::contains)) {
                out.add(new Uncovered(k, Map.of(), true));
                continue;
            }
            Map<String, String> changed = new LinkedHashMap<>();
            for (String col : k.columns()) {
                String before = liveColl.get(lower(col));
                String after = shadowColl.get(lower(col));
                if (before != null && after != null && !before.equalsIgnoreCase(after)) {
                    changed.put(col, after);
                }
            }
            Set<String> cols = k.columns().stream().map(UniqueDuplicatesCheck::lower).collect(Collectors.toSet());
            boolean uniqueOnLive = live.indexes().stream().filter(i -> i.unique() && !i.prefixed())
                    .anyMatch(i -> cols.containsAll(i.columns().stream().map(UniqueDuplicatesCheck::lower).toList()));
            if (!changed.isEmpty() || !uniqueOnLive) {
                out.add(new Uncovered(k, changed, false));
            }
        }
        return out;
    }

    /**
     * Refuses a change that makes a text column of {@code sharedKey} (the key rows are matched by)
     * compare less strictly ({@code _bin}/{@code _cs} → {@code _ci}): the apply deletes by that key in the
     * shadow's collation, so a write of 'A' while staged would remove the other row 'a' the live table
     * keeps apart. A new unique key over such values is guarded ({@code GuardedWrites}); the matching key
     * cannot be.
     */
    public static Optional<Refusal> keyCollation(Connection c, TableInfo live, TableInfo shadow, IndexInfo sharedKey)
            throws SQLException {
        Map<String, String> liveColl = collations(c, live);
        Map<String, String> shadowColl = collations(c, shadow);
        for (String col : sharedKey.columns()) {
            String before = liveColl.get(lower(col));
            String after = shadowColl.get(lower(col));
            if (before != null && after != null && strict(before) && !strict(after)) {
                return Optional.of(new Refusal("key_collation", "table " + live.name() + ": the change makes column "
                        + col + " of " + sharedKey.name() + ", the key rows are matched by, compare case-insensitively ("
                        + before + " → " + after + "): rows the live table keeps apart would collide while the deploy runs",
                        "change the column's collation natively in a maintenance window, or first add another unique"
                                + " key that stays as it is (rows are then matched by it)"));
            }
        }
        return Optional.empty();
    }

    private static boolean strict(String collation) {
        String c = lower(collation);
        return c.endsWith("_bin") || c.endsWith("_cs") || c.equals("binary");
    }

    private static Map<String, String> collations(Connection c, TableInfo t) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COLLATIONS)) {
            ps.setString(1, t.schema());
            ps.setString(2, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        out.put(lower(rs.getString(1)), rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
