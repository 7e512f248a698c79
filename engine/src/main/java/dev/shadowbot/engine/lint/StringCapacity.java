package dev.shadowbot.engine.lint;

import dev.shadowbot.engine.schema.ColumnModel;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a character column can hold every value of another, counted the way the server limits
 * them: CHAR/VARCHAR(n) in characters, the TEXT types in bytes. So a change of charset counts in
 * both units: a latin1 {@code VARCHAR(60000)} holds 60,000 characters, which take up to 180,000
 * bytes in utf8mb4, more than the 65,535 bytes of a {@code TEXT}.
 */
public final class StringCapacity {
    private StringCapacity() {
    }

    /** Which characters a charset can store, from narrowest to widest. */
    enum Repertoire { ASCII, LEGACY, BMP, FULL }

    /**
     * Why {@code after} cannot hold every value of {@code before}, or null when it can. Both columns
     * must be CHAR, VARCHAR or a TEXT type.
     */
    public static String narrowing(ColumnModel before, TypeInfo b, ColumnModel after, TypeInfo a) {
        String from = charset(before);
        String to = charset(after);
        boolean charsetChanges = !from.equals(to);
        String was = describe(before, charsetChanges);
        String now = describe(after, charsetChanges);
        if (!covers(to, from)) {
            return was + " → " + now + ": charset " + to + " cannot hold every " + from + " character";
        }
        long oldChars = b.family() == TypeInfo.Family.STRING ? b.length() : b.length() / minBytesPerChar(from);
        if (a.family() == TypeInfo.Family.STRING) {
            if (a.length() < oldChars) {
                return was + " → " + now + " is narrower: " + now + " holds " + a.length() + " characters, "
                        + was + " up to " + oldChars;
            }
            return null;
        }
        long needed = b.family() == TypeInfo.Family.STRING
                ? b.length() * bytesPerCharIn(to, repertoire(from))
                : (long) Math.ceil(b.length() * byteRatio(from, to));
        if (needed > a.length()) {
            String unit = b.family() == TypeInfo.Family.STRING ? oldChars + " " + from + " characters"
                    : "the " + String.format(Locale.ROOT, "%,d", b.length()) + " bytes of " + was;
            return was + " → " + now + " is narrower: " + unit + " can take " + String.format(Locale.ROOT, "%,d", needed)
                    + " bytes in " + to + ", and " + a.base() + " holds " + String.format(Locale.ROOT, "%,d", a.length())
                    + " bytes";
        }
        return null;
    }

    /** The column type, with its charset when {@code withCharset} (when the charset is what changes). */
    public static String describe(ColumnModel c, boolean withCharset) {
        return c.columnType() + (withCharset && c.charset() != null ? " " + c.charset() : "");
    }

    /** True when the two columns differ in charset (a message then names both charsets). */
    public static boolean charsetsDiffer(ColumnModel a, ColumnModel b) {
        return a.charset() != null && b.charset() != null && !Objects.equals(a.charset(), b.charset());
    }

    private static String charset(ColumnModel c) {
        return c.charset() == null ? "binary" : c.charset().toLowerCase(Locale.ROOT);
    }

    static Repertoire repertoire(String charset) {
        return switch (charset) {
            case "ascii" -> Repertoire.ASCII;
            case "utf8mb4", "utf16", "utf16le", "utf32", "gb18030" -> Repertoire.FULL;
            case "utf8", "utf8mb3", "ucs2" -> Repertoire.BMP;
            default -> Repertoire.LEGACY;
        };
    }

    /** True when every character of charset {@code from} exists in charset {@code to}. */
    public static boolean covers(String to, String from) {
        if (to.equals(from)) {
            return true;
        }
        Repertoire t = repertoire(to);
        Repertoire f = repertoire(from);
        if (t == Repertoire.LEGACY) {
            // Two legacy charsets share only ASCII: latin1 → latin2 loses characters.
            return f == Repertoire.ASCII;
        }
        return t.compareTo(f) >= 0;
    }

    private static boolean utf8(String charset) {
        return charset.equals("utf8") || charset.equals("utf8mb3") || charset.equals("utf8mb4");
    }

    /** The most bytes a character of {@code rep} takes in charset {@code to}. */
    static int bytesPerCharIn(String to, Repertoire rep) {
        if (rep == Repertoire.ASCII) {
            return minBytesPerChar(to);
        }
        if (utf8(to)) {
            // Legacy charsets hold BMP characters only; latin1 (cp1252) has 3-byte ones such as €.
            return rep == Repertoire.FULL ? 4 : 3;
        }
        if (to.equals("utf16") || to.equals("utf16le")) {
            return rep == Repertoire.FULL ? 4 : 2;
        }
        return TypeInfo.maxBytesPerChar(to);
    }

    /** Bytes per character of a charset's narrowest character (ASCII letters). */
    static int minBytesPerChar(String charset) {
        return switch (charset) {
            case "ucs2", "utf16", "utf16le" -> 2;
            case "utf32" -> 4;
            default -> 1;
        };
    }

    /** How much longer in bytes any text of charset {@code from} can become in {@code to}. */
    static double byteRatio(String from, String to) {
        if (from.equals(to) || utf8(from) && utf8(to)) {
            return 1;
        }
        double ascii = (double) minBytesPerChar(to) / minBytesPerChar(from);
        // The narrowest non-ASCII character of the old charset, stored in the new one.
        int oldWidth = utf8(from) ? 2 : minBytesPerChar(from);
        double other = (double) bytesPerCharIn(to, repertoire(from) == Repertoire.ASCII ? Repertoire.ASCII
                : repertoire(from)) / oldWidth;
        return Math.max(ascii, other);
    }
}
