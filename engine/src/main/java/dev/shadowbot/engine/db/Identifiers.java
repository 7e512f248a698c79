package dev.shadowbot.engine.db;

import java.util.Objects;

/**
 * The one place identifiers become SQL text. Every schema, table, column and index name that reaches
 * a statement goes through {@link #quote(String)}; nothing else concatenates names into SQL.
 */
public final class Identifiers {
    /** MySQL and MariaDB limit identifiers to 64 characters. */
    public static final int MAX_LENGTH = 64;

    private Identifiers() {
    }

    /** Backtick-quotes an identifier, doubling embedded backticks. Rejects empty names and NUL. */
    public static String quote(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains NUL");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** {@code `schema`.`table`}. */
    public static String qualified(String schema, String table) {
        return quote(schema) + '.' + quote(table);
    }

    /** Quotes a string literal for the rare statements that cannot take a bind parameter. */
    public static String literal(String value) {
        Objects.requireNonNull(value, "value");
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("''");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
