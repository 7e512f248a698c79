package dev.shadowbot.engine.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One column as information_schema describes it.
 *
 * @param name       column name
 * @param ordinal    1-based position (the binlog's column order)
 * @param dataType   lower-case base type, e.g. {@code varchar}, {@code int}
 * @param columnType full type, e.g. {@code int(10) unsigned}, {@code enum('a','b')}
 * @param charset    character set of a text column, null for non-text and binary columns
 * @param nullable   whether NULL is allowed
 * @param generated  a generated column (never written to)
 */
public record ColumnInfo(String name, int ordinal, String dataType, String columnType, String charset,
                        boolean nullable, boolean generated) {

    private static final Set<String> INTEGER = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");
    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Set<String> TEMPORAL = Set.of("date", "datetime", "timestamp", "time", "year");

    public boolean unsigned() {
        return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    }

    public boolean isInteger() {
        return INTEGER.contains(dataType);
    }

    /** A character column with a charset (CHAR, VARCHAR, TEXT types; ENUM/SET are separate). */
    public boolean isText() {
        return TEXT.contains(dataType) && charset != null;
    }

    /** Bytes without a charset: BINARY, VARBINARY, BLOB types (and text types declared with charset binary). */
    public boolean isBinary() {
        return BINARY.contains(dataType) || (TEXT.contains(dataType) && charset == null);
    }

    public boolean isTemporal() {
        return TEMPORAL.contains(dataType);
    }

    public boolean isEnum() {
        return dataType.equals("enum");
    }

    public boolean isSet() {
        return dataType.equals("set");
    }

    public boolean isJson() {
        return dataType.equals("json");
    }

    /** Members of an ENUM or SET in declaration order, parsed from {@code enum('a','b''c')}. */
    public List<String> members() {
        List<String> out = new ArrayList<>();
        int open = columnType.indexOf('(');
        if (open < 0) {
            return out;
        }
        StringBuilder cur = null;
        for (int i = open + 1; i < columnType.length(); i++) {
            char c = columnType.charAt(i);
            if (cur == null) {
                if (c == '\'') {
                    cur = new StringBuilder();
                }
                continue;
            }
            if (c == '\'') {
                if (i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    cur.append('\'');
                    i++;
                } else {
                    out.add(cur.toString());
                    cur = null;
                }
            } else if (c == '\\' && i + 1 < columnType.length()) {
                cur.append(columnType.charAt(++i));
            } else {
                cur.append(c);
            }
        }
        return out;
    }
}
