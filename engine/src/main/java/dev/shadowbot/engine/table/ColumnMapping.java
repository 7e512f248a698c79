package dev.shadowbot.engine.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How rows of the live table become rows of the shadow: columns are matched by name; columns the
 * shadow dropped are skipped, columns it added take their defaults, generated columns are never
 * written.
 *
 * @param live    the live table
 * @param shadow  the shadow table
 * @param columns matched pairs, in live ordinal order
 */
public record ColumnMapping(TableInfo live, TableInfo shadow, List<Pair> columns) {

    /** A live column and the shadow column it maps onto. */
    public record Pair(ColumnInfo live, ColumnInfo shadow) {
    }

    public ColumnMapping {
        columns = List.copyOf(columns);
    }

    public static ColumnMapping between(TableInfo live, TableInfo shadow) {
        List<Pair> pairs = new ArrayList<>();
        for (ColumnInfo c : live.columns()) {
            if (c.generated()) {
                continue;
            }
            shadow.column(c.name()).filter(s -> !s.generated()).ifPresent(s -> pairs.add(new Pair(c, s)));
        }
        return new ColumnMapping(live, shadow, pairs);
    }

    /** Names of the mapped columns (as the live table spells them). */
    public List<String> names() {
        return columns.stream().map(p -> p.live().name()).toList();
    }

    /**
     * The shared key: a row-identifying key of the live table (primary key first) whose columns all
     * map to the shadow and contain a row-identifying key of the shadow. Copy walks it; apply deletes
     * by it. Empty when there is none.
     */
    public java.util.Optional<IndexInfo> sharedKey() {
        Set<String> mapped = columns.stream().map(p -> lower(p.live().name())).collect(Collectors.toSet());
        List<Set<String>> shadowKeys = shadow.rowIdentifyingKeys().stream()
                .map(i -> i.columns().stream().map(ColumnMapping::lower).collect(Collectors.toSet())).toList();
        for (IndexInfo k : live.rowIdentifyingKeys()) {
            Set<String> cols = k.columns().stream().map(ColumnMapping::lower).collect(Collectors.toSet());
            if (mapped.containsAll(cols) && shadowKeys.stream().anyMatch(cols::containsAll)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }

    /** The mapped pairs of the given live column names, in that order. */
    public List<Pair> pairsOf(List<String> liveNames) {
        List<Pair> out = new ArrayList<>();
        for (String n : liveNames) {
            columns.stream().filter(p -> p.live().name().equalsIgnoreCase(n)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
