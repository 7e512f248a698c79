package dev.shadowbot.engine.schema;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Column definition text for ADD/MODIFY clauses, built from the server's own column line. */
final class ColumnDefinitions {
    private static final Pattern CHARSET_AND_COLLATE =
            Pattern.compile("^( (?:CHARACTER SET \\w+)?(?: ?COLLATE \\w+)?)");

    private ColumnDefinitions() {
    }

    /**
     * The column's definition; when {@code explicitCharset} is set and the column has a charset, with
     * {@code CHARACTER SET … COLLATE …} spelled out. SHOW CREATE TABLE omits a charset equal to the
     * table default, which is not enough when the table default changes in the same ALTER.
     */
    static String explicit(ColumnModel c, boolean explicitCharset) {
        String def = c.definition();
        if (!explicitCharset || c.charset() == null || c.collation() == null) {
            return def;
        }
        int typeEnd = endOfType(def);
        String rest = def.substring(typeEnd);
        Matcher m = CHARSET_AND_COLLATE.matcher(rest);
        if (m.find() && !m.group(1).isBlank()) {
            rest = rest.substring(m.end(1));
        }
        return def.substring(0, typeEnd) + " CHARACTER SET " + c.charset() + " COLLATE " + c.collation() + rest;
    }

    /** Offset just after the column type (name, space, type with its parentheses and quoted values). */
    static int endOfType(String def) {
        int i = nameEnd(def) + 1;
        char[] masked = SqlMasks.mask(def);
        int depth = 0;
        while (i < masked.length) {
            char ch = masked[i];
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ' ' && depth == 0) {
                break;
            }
            i++;
        }
        return i;
    }

    /** Whether two columns are defined the same apart from their names (a possible rename). */
    static boolean sameExceptName(ColumnModel a, ColumnModel b) {
        String da = a.definition().substring(nameEnd(a.definition()));
        String db = b.definition().substring(nameEnd(b.definition()));
        return da.equals(db) && Objects.equals(a.charset(), b.charset()) && Objects.equals(a.collation(), b.collation());
    }

    /** Offset just after the closing backtick of the leading column name. */
    static int nameEnd(String def) {
        int i = 1;
        while (i < def.length()) {
            if (def.charAt(i) == '`') {
                if (i + 1 < def.length() && def.charAt(i + 1) == '`') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return def.length();
    }
}
