package dev.shadowbot.engine.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;

/**
 * Checks a CREATE TABLE statement's syntax with JSqlParser and finds its table name.
 *
 * <p>JSqlParser 5 does not know every MySQL/MariaDB construct (SPATIAL and unnamed keys, functional
 * key parts, VISIBLE/INVISIBLE, NOT ENFORCED, an index name after FOREIGN KEY, several table
 * options, RANGE/LIST partitioning). Those are rewritten in a copy of the statement before parsing,
 * keeping every other character at its position so error locations stay exact, and everything after
 * the column list is left to the server, which checks the statement for real in the workspace.
 */
final class CreateTableSyntax {
    private CreateTableSyntax() {
    }

    /** The outcome: a parsed statement, or a 1-based error position inside the statement text. */
    record Result(Statement statement, int line, int column, String message) {
        boolean ok() {
            return statement != null;
        }
    }

    private static final Pattern BLANK = Pattern.compile(
            "(?i)\\b(SPATIAL)\\s+(?:KEY|INDEX)\\b"
            + "|\\b((?:NOT\\s+)?ENFORCED|INVISIBLE|VISIBLE)\\b"
            + "|\\bFOREIGN\\s+KEY\\s+(`(?:[^`]|``)+`|\\w+)\\s*\\(");
    private static final Pattern UNNAMED_KEY = Pattern.compile(
            "(?i)(?:^|,)\\s*(?:(?:(?:UNIQUE|FULLTEXT|SPATIAL)\\s+)?(?:KEY|INDEX)|FULLTEXT|SPATIAL)()\\s*\\(");
    private static final Pattern KEY_PARTS = Pattern.compile(
            "(?i)\\b(?:KEY|INDEX|UNIQUE)\\s*(?:(?:`(?:[^`]|``)+`|\\w+)\\s*)?\\(");

    static Result check(String sql) {
        char[] masked = SqlMasks.mask(sql);
        StringBuilder copy = new StringBuilder(sql);
        List<Integer> inserts = new ArrayList<>();
        // JSqlParser does not accept doubled backticks inside a quoted name: same-length stand-ins.
        for (int i = 0; i < masked.length; i++) {
            if (masked[i] == '`') {
                int j = i + 1;
                while (j < masked.length) {
                    if (masked[j] == '`' && j + 1 < masked.length && masked[j + 1] == '`') {
                        copy.setCharAt(j, '_');
                        copy.setCharAt(j + 1, '_');
                        j += 2;
                    } else if (masked[j] == '`') {
                        break;
                    } else {
                        j++;
                    }
                }
                i = j;
            }
        }
        int[] body = columnListBounds(masked);
        if (body != null) {
            blank(copy, body[1] + 1, copy.length());
            String inner = new String(masked, body[0] + 1, body[1] - body[0] - 1);
            int base = body[0] + 1;
            Matcher m = BLANK.matcher(inner);
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        blank(copy, base + m.start(g), base + m.end(g));
                    }
                }
            }
            Matcher kp = KEY_PARTS.matcher(inner);
            while (kp.find()) {
                replaceFunctionalParts(copy, masked, base + kp.end() - 1);
            }
            Matcher un = UNNAMED_KEY.matcher(inner);
            while (un.find()) {
                inserts.add(base + un.start(1));
            }
            for (int i = inserts.size() - 1; i >= 0; i--) {
                copy.insert((int) inserts.get(i), " k");
            }
        }
        try {
            Statement st = CCJSqlParserUtil.newParser(copy.toString()).withAllowComplexParsing(true).Statement();
            return new Result(st, 0, 0, null);
        } catch (ParseException e) {
            Token bad = e.currentToken == null ? null : e.currentToken.next != null ? e.currentToken.next : e.currentToken;
            int line = bad == null ? 1 : Math.max(1, bad.beginLine);
            int col = bad == null ? 1 : Math.max(1, bad.beginColumn);
            int offset = offsetOf(copy, line, col);
            int shift = 0;
            for (int i = 0; i < inserts.size(); i++) {
                if (inserts.get(i) + 2 * i < offset) {
                    shift += Math.min(2, offset - (inserts.get(i) + 2 * i));
                }
            }
            int[] lc = lineColumn(sql, Math.max(0, Math.min(sql.length(), offset - shift)));
            String near = bad == null || bad.image == null || bad.image.isEmpty() ? "the end of the statement"
                    : "'" + bad.image + "'";
            return new Result(null, lc[0], lc[1], "syntax error in CREATE TABLE near " + near);
        } catch (StackOverflowError e) {
            return new Result(null, 1, 1, "cannot parse CREATE TABLE: it nests too deeply (e.g. thousands of parentheses"
                    + " in one expression); simplify the expression");
        } catch (RuntimeException | Error e) {
            return new Result(null, 1, 1, "cannot parse CREATE TABLE (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Replaces each parenthesised functional key part inside the key-part list at {@code open} with a name. */
    private static void replaceFunctionalParts(StringBuilder copy, char[] masked, int open) {
        int i = open + 1;
        while (i < masked.length && masked[i] != ')') {
            if (masked[i] == '(') {
                int close = matching(masked, i);
                if (close < 0) {
                    return;
                }
                for (int k = i; k <= close; k++) {
                    if (copy.charAt(k) != '\n') {
                        copy.setCharAt(k, k == i ? 'f' : '_');
                    }
                }
                i = close + 1;
            } else {
                i++;
            }
        }
    }

    private static final Pattern TABLE_NAME = Pattern.compile(
            "(?is)^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?((?:`(?:[^`]|``)*`|[^\\s(.`]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)*`|[^\\s(.`]+))?)");

    /**
     * The table name as written ({@code name}, {@code `name`} or {@code schema.name}), read from the
     * original text because the parser sees stand-ins for doubled backticks; null when not found.
     */
    static String writtenName(String sql) {
        char[] masked = SqlMasks.mask(sql);
        Matcher m = TABLE_NAME.matcher(new String(masked));
        return m.find() ? sql.substring(m.start(1), m.end(1)) : null;
    }

    /** Start and end offsets of the column list's parentheses, or null. */
    static int[] columnListBounds(char[] masked) {
        for (int i = 0; i < masked.length; i++) {
            if (masked[i] == '(') {
                int close = matching(masked, i);
                return close < 0 ? null : new int[] {i, close};
            }
        }
        return null;
    }

    private static int matching(char[] masked, int open) {
        int depth = 0;
        for (int i = open; i < masked.length; i++) {
            if (masked[i] == '(') {
                depth++;
            } else if (masked[i] == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static void blank(StringBuilder copy, int from, int to) {
        for (int i = from; i < to; i++) {
            if (copy.charAt(i) != '\n' && copy.charAt(i) != '\r') {
                copy.setCharAt(i, ' ');
            }
        }
    }

    private static int offsetOf(CharSequence s, int line, int col) {
        int l = 1;
        int i = 0;
        while (i < s.length() && l < line) {
            if (s.charAt(i) == '\n') {
                l++;
            }
            i++;
        }
        return Math.min(s.length(), i + col - 1);
    }

    static int[] lineColumn(String s, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset; i++) {
            if (s.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }
}
