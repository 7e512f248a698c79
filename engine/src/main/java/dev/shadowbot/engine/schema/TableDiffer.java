package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns two canonical models of one table (live → desired, read from the same server) into the
 * clauses of one {@code ALTER TABLE}, in an order the server accepts:
 * <ol>
 *   <li>drop foreign keys and checks that go or change (before the indexes they need);</li>
 *   <li>drop indexes that go, change, or must move to reach the desired index order;</li>
 *   <li>drop columns that go (or whose generated kind changes);</li>
 *   <li>add and modify columns in desired order, with FIRST/AFTER only where the order changes;</li>
 *   <li>add indexes, then checks, then foreign keys;</li>
 *   <li>table options, then partitioning (which must come last and without a comma).</li>
 * </ol>
 * A constraint dropped and re-added under the same name goes to a first statement of its own: the
 * server refuses both in one ALTER.
 */
final class TableDiffer {
    private final ServerInfo server;

    TableDiffer(ServerInfo server) {
        this.server = server;
    }

    /** The ALTER for one table: first-statement clauses (may be empty), main clauses, rename hints. */
    record Alter(List<String> preClauses, List<String> clauses, String partitionClause, List<String> renameHints) {
        boolean isEmpty() {
            return preClauses.isEmpty() && clauses.isEmpty() && partitionClause == null;
        }

        /** Every clause, comma-separated, partitioning last: the text after {@code ALTER TABLE <name> }. */
        String allClauses() {
            List<String> all = new ArrayList<>(preClauses);
            all.addAll(clauses);
            String joined = String.join(", ", all);
            if (partitionClause != null) {
                joined = joined.isEmpty() ? partitionClause : joined + " " + partitionClause;
            }
            return joined;
        }
    }

    Alter diff(TableModel from, TableModel to) {
        List<String> pre = new ArrayList<>();
        List<String> clauses = new ArrayList<>();
        List<String> hints = new ArrayList<>();

        // 1. Foreign keys and checks that go or change.
        Map<String, ForeignKeyModel> toFks = byName(to.foreignKeys(), ForeignKeyModel::name);
        Map<String, ForeignKeyModel> fromFks = byName(from.foreignKeys(), ForeignKeyModel::name);
        List<ForeignKeyModel> addFks = new ArrayList<>();
        for (ForeignKeyModel fk : from.foreignKeys()) {
            ForeignKeyModel want = toFks.get(key(fk.name()));
            if (want == null || !want.definition().equals(fk.definition())) {
                (want == null ? clauses : pre).add(dropForeignKey(fk));
            }
        }
        for (ForeignKeyModel fk : to.foreignKeys()) {
            ForeignKeyModel had = fromFks.get(key(fk.name()));
            if (had == null || !had.definition().equals(fk.definition())) {
                addFks.add(fk);
            }
        }
        Map<String, CheckModel> toChecks = byName(to.checks(), CheckModel::name);
        Map<String, CheckModel> fromChecks = byName(from.checks(), CheckModel::name);
        List<CheckModel> addChecks = new ArrayList<>();
        for (CheckModel ck : from.checks()) {
            CheckModel want = toChecks.get(key(ck.name()));
            if (want == null || !want.definition().equals(ck.definition())) {
                (want == null ? clauses : pre).add(dropCheck(ck.name()));
            }
        }
        for (CheckModel ck : to.checks()) {
            CheckModel had = fromChecks.get(key(ck.name()));
            if (had == null || !had.definition().equals(ck.definition())) {
                addChecks.add(ck);
            }
        }

        // 2. Indexes: drop what goes or changes, and whatever sits out of the desired order.
        List<IndexModel> addIndexes = new ArrayList<>();
        Map<String, IndexModel> fromIdx = byName(from.indexes(), IndexModel::name);
        Map<String, IndexModel> toIdx = byName(to.indexes(), IndexModel::name);
        Set<String> keep = new HashSet<>();
        List<String> visibility = new ArrayList<>();
        for (IndexModel i : to.indexes()) {
            IndexModel had = fromIdx.get(key(i.name()));
            if (had != null && had.definition().equals(i.definition())) {
                keep.add(key(i.name()));
            } else if (had != null && withoutVisibility(had.definition()).equals(withoutVisibility(i.definition()))) {
                // Only visibility differs: the server cannot express that as drop + add of the same
                // name (MariaDB keeps the old flag), but has ALTER INDEX for it.
                keep.add(key(i.name()));
                visibility.add("ALTER INDEX " + Identifiers.quote(i.name()) + " " + visibilityWord(i.definition()));
            }
        }
        // The server keeps indexes in three runs (unique keys, plain and spatial keys, fulltext keys)
        // and appends an added index at the end of its run. So within a run, a kept index that
        // follows, in desired order, an added or out-of-place one is re-created to reach the
        // desired order; other runs are unaffected.
        Set<String> recreate = new HashSet<>();
        for (int run = 0; run < 3; run++) {
            int r = run;
            List<String> keptInOldOrder = from.indexes().stream().filter(i -> indexRun(i) == r)
                    .map(i -> key(i.name())).filter(n -> keep.contains(n) && !n.equals("primary")).toList();
            int next = 0;
            boolean broken = false;
            for (IndexModel i : to.indexes()) {
                String n = key(i.name());
                if (indexRun(i) != r || n.equals("primary")) {
                    continue;
                }
                if (!broken && keep.contains(n) && next < keptInOldOrder.size() && keptInOldOrder.get(next).equals(n)) {
                    next++;
                } else {
                    broken = true;
                    if (keep.contains(n)) {
                        recreate.add(n);
                    }
                }
            }
        }
        keep.removeAll(recreate);
        for (IndexModel i : from.indexes()) {
            if (!keep.contains(key(i.name()))) {
                clauses.add(i.kind() == IndexModel.Kind.PRIMARY ? "DROP PRIMARY KEY"
                        : "DROP INDEX " + Identifiers.quote(i.name()));
            }
        }
        // Any index added after a re-created one must also come after it: add in desired order.
        for (IndexModel i : to.indexes()) {
            if (!keep.contains(key(i.name()))) {
                addIndexes.add(i);
            }
        }

        // 3. Columns that go, and columns whose generated kind changes (the server cannot MODIFY those).
        Map<String, ColumnModel> toCols = byName(to.columns(), ColumnModel::name);
        Map<String, ColumnModel> fromCols = byName(from.columns(), ColumnModel::name);
        Set<String> readd = new HashSet<>();
        List<ColumnModel> dropped = new ArrayList<>();
        for (ColumnModel c : from.columns()) {
            ColumnModel want = toCols.get(key(c.name()));
            if (want == null) {
                clauses.add("DROP COLUMN " + Identifiers.quote(c.name()));
                dropped.add(c);
            } else if (!c.sameDefinition(want) && generatedKindChanges(c, want)) {
                clauses.add("DROP COLUMN " + Identifiers.quote(c.name()));
                readd.add(key(c.name()));
            }
        }

        // 4. Add and modify columns in desired order; move only what is out of order.
        List<String> survivors = new ArrayList<>();
        for (ColumnModel c : from.columns()) {
            if (toCols.containsKey(key(c.name())) && !readd.contains(key(c.name()))) {
                survivors.add(key(c.name()));
            }
        }
        List<String> desiredSurvivors = new ArrayList<>();
        for (ColumnModel c : to.columns()) {
            if (survivors.contains(key(c.name()))) {
                desiredSurvivors.add(key(c.name()));
            }
        }
        Set<String> stay = Lcs.common(survivors, desiredSurvivors);
        String previous = null;
        List<ColumnModel> added = new ArrayList<>();
        for (ColumnModel c : to.columns()) {
            String k = key(c.name());
            String position = previous == null ? " FIRST" : " AFTER " + Identifiers.quote(previous);
            ColumnModel had = fromCols.get(k);
            if (had == null || readd.contains(k)) {
                clauses.add("ADD COLUMN " + ColumnDefinitions.forAlter(c, to.options().collation()) + position);
                if (had == null) {
                    added.add(c);
                }
            } else {
                boolean moved = !stay.contains(k);
                if (moved || !had.sameDefinition(c)) {
                    clauses.add("MODIFY COLUMN " + ColumnDefinitions.forAlter(c, to.options().collation())
                            + (moved ? position : ""));
                }
            }
            previous = c.name();
        }
        hints.addAll(renameHints(dropped, added));

        // 5. Indexes, checks, foreign keys.
        for (String v : visibility) {
            if (!recreate.contains(key(v.substring("ALTER INDEX ".length()).split(" ")[0].replace("`", "")))) {
                clauses.add(v);
            }
        }
        for (IndexModel i : addIndexes) {
            clauses.add("ADD " + i.definition());
        }
        for (CheckModel ck : addChecks) {
            clauses.add("ADD " + ck.definition());
        }
        for (ForeignKeyModel fk : addFks) {
            clauses.add(addForeignKey(fk));
        }

        // 6. Table options and partitioning.
        clauses.addAll(optionClauses(from.options(), to.options()));
        String partition = null;
        if (!Objects.equals(from.options().partitioning(), to.options().partitioning())) {
            partition = to.options().partitioning() == null ? "REMOVE PARTITIONING" : to.options().partitioning();
        }
        return new Alter(pre, clauses, partition, hints);
    }

    /**
     * Each dropped column paired with at most one added column of the same definition and each added
     * column with at most one dropped, closest names first, then closest positions: {@code old -> new}.
     */
    static List<String> renameHints(List<ColumnModel> dropped, List<ColumnModel> added) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < dropped.size(); i++) {
            for (int j = 0; j < added.size(); j++) {
                if (ColumnDefinitions.sameExceptName(dropped.get(i), added.get(j))) {
                    pairs.add(new int[] {i, j, editDistance(key(dropped.get(i).name()), key(added.get(j).name())),
                        Math.abs(dropped.get(i).position() - added.get(j).position())});
                }
            }
        }
        pairs.sort(java.util.Comparator.<int[]>comparingInt(p -> p[2]).thenComparingInt(p -> p[3])
                .thenComparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
        Set<Integer> usedDropped = new HashSet<>();
        Set<Integer> usedAdded = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (int[] p : pairs) {
            if (usedDropped.add(p[0])) {
                if (usedAdded.add(p[1])) {
                    out.add(dropped.get(p[0]).name() + " -> " + added.get(p[1]).name());
                } else {
                    usedDropped.remove(p[0]);
                }
            }
        }
        return out;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The clause that drops a foreign key. */
    static String dropForeignKey(ForeignKeyModel fk) {
        return "DROP FOREIGN KEY " + Identifiers.quote(fk.name());
    }

    /** The clause that adds a foreign key. */
    static String addForeignKey(ForeignKeyModel fk) {
        return "ADD " + fk.definition();
    }

    /** The run of keys an index sorts into in SHOW CREATE TABLE: 0 unique, 1 plain/spatial, 2 fulltext. */
    private static int indexRun(IndexModel i) {
        return i.isUnique() ? 0 : i.kind() == IndexModel.Kind.FULLTEXT ? 2 : 1;
    }

    private String dropCheck(String name) {
        // MySQL 8.0.16–8.0.18 know only DROP CHECK; MariaDB knows only DROP CONSTRAINT for checks.
        return (server.isMariaDb() ? "DROP CONSTRAINT " : "DROP CHECK ") + Identifiers.quote(name);
    }

    private static boolean generatedKindChanges(ColumnModel a, ColumnModel b) {
        return a.isGenerated() != b.isGenerated() || a.isGenerated() && a.stored() != b.stored();
    }

    private static List<String> optionClauses(TableOptions from, TableOptions to) {
        List<String> out = new ArrayList<>();
        Map<String, String> a = new LinkedHashMap<>(from.raw());
        Map<String, String> b = new LinkedHashMap<>(to.raw());
        boolean charset = !Objects.equals(from.charset(), to.charset())
                || !Objects.equals(from.collation(), to.collation());
        for (String k : List.of("DEFAULT CHARSET", "COLLATE")) {
            a.remove(k);
            b.remove(k);
        }
        for (Map.Entry<String, String> e : b.entrySet()) {
            if (!Objects.equals(a.get(e.getKey()), e.getValue())) {
                out.add(e.getKey() + "=" + e.getValue());
            }
        }
        for (String k : a.keySet()) {
            if (!b.containsKey(k)) {
                out.add(k + "=" + resetValue(k));
            }
        }
        if (charset) {
            out.add("DEFAULT CHARSET=" + to.charset() + " COLLATE=" + to.collation());
        }
        return out;
    }

    /** The value that removes an option from SHOW CREATE TABLE. */
    private static String resetValue(String option) {
        return switch (option) {
            case "COMMENT" -> "''";
            case "KEY_BLOCK_SIZE", "AVG_ROW_LENGTH", "MAX_ROWS", "MIN_ROWS" -> "0";
            default -> "DEFAULT";
        };
    }

    static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static <T> Map<String, T> byName(List<T> items, java.util.function.Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T t : items) {
            out.put(key(name.apply(t)), t);
        }
        return out;
    }

    private static final java.util.regex.Pattern VISIBILITY =
            java.util.regex.Pattern.compile(" (/\\*!80000 INVISIBLE \\*/|IGNORED)$");

    private static String withoutVisibility(String indexDefinition) {
        return VISIBILITY.matcher(indexDefinition).replaceFirst("");
    }

    private String visibilityWord(String indexDefinition) {
        boolean hidden = VISIBILITY.matcher(indexDefinition).find();
        if (server.isMariaDb()) {
            return hidden ? "IGNORED" : "NOT IGNORED";
        }
        return hidden ? "INVISIBLE" : "VISIBLE";
    }
}
