package dev.shadowbot.engine.schema;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts (line-based, LCS), as {@code diff -u} would print it. */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /**
     * The diff of {@code before} → {@code after} with the given file labels, or an empty string when
     * the texts are equal. Either text may be empty (a created or dropped table).
     */
    public static String of(String label, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        if (a.equals(b)) {
            return "";
        }
        int n = a.size();
        int m = b.size();
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = a.get(i).equals(b.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        // Edit script: ' ', '-', '+' with the line and its positions.
        List<char[]> ops = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<int[]> pos = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new char[] {' '});
                texts.add(a.get(i));
                pos.add(new int[] {i++, j++});
            } else if (i < n && (j >= m || len[i + 1][j] >= len[i][j + 1])) {
                // Removals before additions, as diff -u prints a changed line.
                ops.add(new char[] {'-'});
                texts.add(a.get(i));
                pos.add(new int[] {i++, j});
            } else {
                ops.add(new char[] {'+'});
                texts.add(b.get(j));
                pos.add(new int[] {i, j++});
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("--- a/").append(label).append('\n').append("+++ b/").append(label).append('\n');
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < ops.size()) {
                if (ops.get(end)[0] != ' ') {
                    lastChange = end;
                } else if (end - lastChange > 2 * CONTEXT) {
                    break;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = pos.get(start)[0];
            int bStart = pos.get(start)[1];
            int aCount = 0;
            int bCount = 0;
            for (int x = start; x < end; x++) {
                char op = ops.get(x)[0];
                if (op != '+') {
                    aCount++;
                }
                if (op != '-') {
                    bCount++;
                }
            }
            out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n");
            for (int x = start; x < end; x++) {
                out.append(ops.get(x)[0]).append(texts.get(x)).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    private static String range(int start, int count) {
        return count == 0 ? start + ",0" : (start + 1) + "," + count;
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\n", -1));
    }
}
