package dev.shadowbot.engine.schema;

/** Masks string literals and comments so that pattern searches see only SQL structure. */
final class SqlMasks {
    private SqlMasks() {
    }

    /**
     * A copy of {@code sql} of the same length in which the contents of string literals become
     * {@code x} and comments become spaces (newlines are kept). Backtick identifiers stay.
     */
    static char[] mask(String sql) {
        char[] out = sql.toCharArray();
        int n = out.length;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (d == '\\') {
                        fill(out, j, Math.min(n, j + 2), 'x');
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            fill(out, j, j + 2, 'x');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if (d != '\n') {
                        out[j] = 'x';
                    }
                    j++;
                }
                i = j + 1;
            } else if (c == '`') {
                int j = i + 1;
                while (j < n && !(sql.charAt(j) == '`' && (j + 1 >= n || sql.charAt(j + 1) != '`'))) {
                    j += sql.charAt(j) == '`' ? 2 : 1;
                }
                i = j + 1;
            } else if (c == '-' && next == '-' || c == '#') {
                int j = i;
                while (j < n && sql.charAt(j) != '\n') {
                    out[j++] = ' ';
                }
                i = j;
            } else if (c == '/' && next == '*') {
                int close = sql.indexOf("*/", i + 2);
                int end = close < 0 ? n : close + 2;
                for (int j = i; j < end; j++) {
                    if (out[j] != '\n') {
                        out[j] = ' ';
                    }
                }
                i = end;
            } else {
                i++;
            }
        }
        return out;
    }

    private static void fill(char[] out, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            out[i] = c;
        }
    }
}
