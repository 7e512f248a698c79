package dev.shadowbot.engine.lint;

import dev.shadowbot.engine.schema.ColumnModel;
import java.util.Objects;

/**
 * Does a key column keep every value, and every value's identity, from its old type to its new one? Then
 * the old and new table still share that key: rows match by it during the copy and the change stream,
 * and no two old keys can collide in the new table. INT → BIGINT (the classic reason for an online
 * change) keeps them; so does any integer that holds the old range (unsigned → wider signed too), a
 * longer VARCHAR/VARBINARY in the same charset and collation, and a DECIMAL that holds the old range.
 * Narrowing, signed → unsigned, a new charset or collation (e.g. case-insensitive: 'a' and 'A' collide),
 * CHAR/BINARY padding changes and family changes do not.
 */
public final class KeyWidening {
    private KeyWidening() {
    }

    /** True when every value of {@code before} is the same, distinct value in {@code after}. */
    public static boolean keepsKeyValues(ColumnModel before, ColumnModel after) {
        if (before.columnType().equalsIgnoreCase(after.columnType()) && sameText(before, after)) {
            return true;
        }
        TypeInfo a = TypeInfo.parse(before.columnType());
        TypeInfo b = TypeInfo.parse(after.columnType());
        if (a.family() != b.family()) {
            return false;
        }
        return switch (a.family()) {
            case INTEGER, DECIMAL -> a.compareTo(b) >= 0;
            // VARCHAR only: CHAR compares and pads by its own rules. Same charset and collation: a new one
            // can make distinct keys equal (case- or accent-insensitive) or change how they sort.
            case STRING -> a.base().equals("varchar") && b.base().equals("varchar") && b.length() >= a.length()
                    && sameText(before, after);
            // VARBINARY only: BINARY(n) pads with zero bytes, so a longer one changes every value.
            case BINARY -> a.base().equals("varbinary") && b.base().equals("varbinary") && b.length() >= a.length();
            default -> false;
        };
    }

    private static boolean sameText(ColumnModel before, ColumnModel after) {
        return Objects.equals(before.charset(), after.charset()) && Objects.equals(before.collation(), after.collation());
    }
}
