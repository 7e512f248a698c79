package dev.shadowbot.engine.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL file into statements at top-level semicolons, skipping quoted strings, quoted
 * identifiers and comments (including MySQL's {@code /*!NNNNN … *}{@code /} conditional comments), and
 * remembers where each statement starts. The statement text is kept exactly as written.
 */
final class SqlSplitter {
    private SqlSplitter() {
    }

    /**
     * One statement.
     *
     * @param text        the statement as written, from its first significant character, without the ';'
     * @param significant the statement with comments removed and whitespace collapsed (for classifying)
     * @param line        1-based line of the first significant character
     * @param column      1-based column of the first significant character
     * @param conditional whether the statement is nothing but a conditional comment ({@code /*!40101 …*}{@code /})
     */
    record Statement(String text, String significant, int line, int column, boolean conditional) {
    }

    /** Thrown for an unterminated string, identifier or comment. */
    static final class UnterminatedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        UnterminatedException(String what, int line, int column) {
            super("unterminated " + what);
            this.line = line;
            this.column = column;
        }
    }

    static List<Statement> split(String sql) {
        List<Statement> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        int line = 1;
        int col = 1;
        int start = -1;
        int startLine = 0;
        int startCol = 0;
        boolean onlyConditional = true;
        StringBuilder significant = new StringBuilder();
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
            int tokenStart = i;
            int tokLine = line;
            int tokCol = col;
            int end;
            boolean comment = false;
            boolean conditional = false;
            if (c == ';' ) {
                if (start >= 0) {
                    out.add(new Statement(sql.substring(start, i), significant.toString().trim(), startLine, startCol,
                            onlyConditional && significant.toString().isBlank()));
                }
                start = -1;
                significant.setLength(0);
                onlyConditional = true;
                i++;
                col++;
                continue;
            } else if (c == '-' && next == '-' && (i + 2 >= n || Character.isWhitespace(sql.charAt(i + 2)))
                    || c == '#') {
                end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                comment = true;
            } else if (c == '/' && next == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new UnterminatedException("comment", line, col);
                }
                end = close + 2;
                comment = true;
                conditional = i + 2 < n && sql.charAt(i + 2) == '!';
            } else if (c == '\'' || c == '"' || c == '`') {
                end = endOfQuoted(sql, i, c);
                if (end < 0) {
                    throw new UnterminatedException(c == '`' ? "quoted identifier" : "string", line, col);
                }
            } else {
                end = i + 1;
            }
            if (!comment && !Character.isWhitespace(c) || conditional) {
                if (start < 0) {
                    start = tokenStart;
                    startLine = tokLine;
                    startCol = tokCol;
                }
            }
            if (comment) {
                if (!conditional) {
                    significant.append(' ');
                } else if (significant.length() > 0 && !significant.toString().isBlank()) {
                    significant.append(' ');
                }
            } else {
                significant.append(Character.isWhitespace(c) ? " " : sql.substring(tokenStart, end));
                if (!Character.isWhitespace(c)) {
                    onlyConditional = false;
                }
            }
            for (int k = tokenStart; k < end; k++) {
                if (sql.charAt(k) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            i = end;
        }
        if (start >= 0) {
            String sig = significant.toString().trim();
            out.add(new Statement(sql.substring(start).stripTrailing(), sig, startLine, startCol,
                    onlyConditional && sig.isEmpty()));
        }
        return out;
    }

    private static int endOfQuoted(String sql, int from, char quote) {
        int n = sql.length();
        int i = from + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }
}
