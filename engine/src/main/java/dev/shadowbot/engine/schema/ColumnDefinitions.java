package dev.shadowbot.engine.schema;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Column definition text for ADD/MODIFY clauses, built from the server's own column line. */
final class ColumnDefinitions {

    private ColumnDefinitions() {
    }

    private static final Pattern IMPLICIT_COLLATE = Pattern.compile("^ COLLATE (\\w+)");

    /**
     * The column's definition for ADD/MODIFY. MySQL 8 prints {@code COLLATE x} (without CHARACTER SET)
     * for a column that inherits a non-default collation from its table; repeating it in an ALTER would
     * make it explicit, which SHOW CREATE TABLE then prints differently. Such an inherited collation is
     * left out so the column inherits again.
     */
    static String forAlter(ColumnModel c, String tableCollation) {
        String def = c.definition();
        int typeEnd = endOfType(def);
        Matcher m = IMPLICIT_COLLATE.matcher(def.substring(typeEnd));
        if (m.find() && m.group(1).equals(tableCollation)) {
            return def.substring(0, typeEnd) + def.substring(typeEnd + m.end());
        }
        return def;
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
