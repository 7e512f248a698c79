package dev.shadowbot.engine.lint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type parsed from the server's {@code COLUMN_TYPE} (e.g. {@code int(10) unsigned},
 * {@code varchar(255)}, {@code decimal(10,2)}, {@code enum('a','b')}), so that two types can be
 * compared: does the new one hold every value of the old one?
 */
public record TypeInfo(String base, Family family, boolean unsigned, long length, int precision, int scale,
                       List<String> values) {

    /** Type families whose members can be ordered by capacity. */
    public enum Family { INTEGER, DECIMAL, FLOAT, STRING, TEXT, BLOB, BINARY, TEMPORAL, ENUM, SET, JSON, BIT, OTHER }

    private static final Pattern SHAPE = Pattern.compile("^([a-z]+)(?:\\((.*)\\))?(.*)$", Pattern.DOTALL);
    private static final Map<String, Integer> INT_BYTES =
            Map.of("tinyint", 1, "smallint", 2, "mediumint", 3, "int", 4, "integer", 4, "bigint", 8);
    private static final Map<String, Long> TEXT_BYTES = Map.of("tinytext", 255L, "text", 65_535L,
            "mediumtext", 16_777_215L, "longtext", 4_294_967_295L, "tinyblob", 255L, "blob", 65_535L,
            "mediumblob", 16_777_215L, "longblob", 4_294_967_295L);

    public static TypeInfo parse(String columnType) {
        String t = columnType.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHAPE.matcher(t);
        if (!m.matches()) {
            return new TypeInfo(t, Family.OTHER, false, 0, 0, 0, List.of());
        }
        String base = m.group(1);
        String args = m.group(2) == null ? "" : m.group(2);
        boolean unsigned = m.group(3).contains("unsigned");
        if (INT_BYTES.containsKey(base)) {
            return new TypeInfo(base, Family.INTEGER, unsigned, INT_BYTES.get(base), 0, 0, List.of());
        }
        switch (base) {
            case "decimal", "numeric" -> {
                String[] ps = args.isEmpty() ? new String[] {"10"} : args.split(",");
                int p = Integer.parseInt(ps[0].trim());
                int s = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
                return new TypeInfo(base, Family.DECIMAL, unsigned, 0, p, s, List.of());
            }
            case "float", "double", "real" -> {
                return new TypeInfo(base, Family.FLOAT, unsigned, base.equals("float") ? 4 : 8, 0, 0, List.of());
            }
            case "char", "varchar" -> {
                return new TypeInfo(base, Family.STRING, false, args.isEmpty() ? 1 : Long.parseLong(args.trim()), 0, 0,
                        List.of());
            }
            case "binary", "varbinary" -> {
                return new TypeInfo(base, Family.BINARY, false, args.isEmpty() ? 1 : Long.parseLong(args.trim()), 0, 0,
                        List.of());
            }
            case "tinytext", "text", "mediumtext", "longtext" -> {
                return new TypeInfo(base, Family.TEXT, false, TEXT_BYTES.get(base), 0, 0, List.of());
            }
            case "tinyblob", "blob", "mediumblob", "longblob" -> {
                return new TypeInfo(base, Family.BLOB, false, TEXT_BYTES.get(base), 0, 0, List.of());
            }
            case "date", "time", "datetime", "timestamp", "year" -> {
                return new TypeInfo(base, Family.TEMPORAL, false, 0, args.isEmpty() ? 0 : Integer.parseInt(args.trim()),
                        0, List.of());
            }
            case "enum", "set" -> {
                return new TypeInfo(base, base.equals("enum") ? Family.ENUM : Family.SET, false, 0, 0, 0, values(args));
            }
            case "json" -> {
                return new TypeInfo(base, Family.JSON, false, 0, 0, 0, List.of());
            }
            case "bit" -> {
                return new TypeInfo(base, Family.BIT, false, args.isEmpty() ? 1 : Long.parseLong(args.trim()), 0, 0,
                        List.of());
            }
            default -> {
                return new TypeInfo(base, Family.OTHER, unsigned, 0, 0, 0, List.of());
            }
        }
    }

    private static List<String> values(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (cur == null) {
                if (c == '\'') {
                    cur = new StringBuilder();
                }
            } else if (c == '\'') {
                if (i + 1 < args.length() && args.charAt(i + 1) == '\'') {
                    cur.append('\'');
                    i++;
                } else {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                cur.append(c);
            }
        }
        return out;
    }

    /** The largest value an integer type holds. */
    public BigInteger integerMax() {
        int bits = (int) length * 8;
        return unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    }

    private BigInteger integerMin() {
        return unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft((int) length * 8 - 1).negate();
    }

    /**
     * Compares capacity: {@code <0} when {@code next} cannot hold every value of this type (narrowing),
     * {@code >0} when it holds more (widening), {@code 0} when the same. Different families count as
     * narrowing, except the safe moves string→text and binary→blob, which count by length.
     */
    public int compareTo(TypeInfo next) {
        if (family != next.family) {
            if ((family == Family.STRING && next.family == Family.TEXT)
                    || (family == Family.BINARY && next.family == Family.BLOB)) {
                return Long.compare(next.length, length) >= 0 ? 1 : -1;
            }
            if ((family == Family.TEXT && next.family == Family.STRING)
                    || (family == Family.BLOB && next.family == Family.BINARY)) {
                return -1;
            }
            return -1;
        }
        return switch (family) {
            case INTEGER -> range(next.integerMin().compareTo(integerMin()) <= 0 && next.integerMax().compareTo(integerMax()) >= 0,
                    integerMin().compareTo(next.integerMin()) <= 0 && integerMax().compareTo(next.integerMax()) >= 0,
                    this.equals(next));
            case DECIMAL -> range(next.precision - next.scale >= precision - scale && next.scale >= scale
                    && (!next.unsigned || unsigned), next.precision - next.scale <= precision - scale
                    && next.scale <= scale && (!unsigned || next.unsigned), false);
            case FLOAT -> Long.compare(next.length, length);
            case STRING, TEXT, BLOB, BINARY, BIT -> Long.compare(next.length, length);
            case TEMPORAL -> base.equals(next.base) ? Integer.compare(next.precision, precision) : -1;
            case ENUM, SET -> next.values.containsAll(values)
                    ? (values.containsAll(next.values) ? 0 : 1) : -1;
            default -> base.equals(next.base) ? 0 : -1;
        };
    }

    private static int range(boolean nextHoldsAll, boolean thisHoldsAll, boolean same) {
        if (same || (nextHoldsAll && thisHoldsAll)) {
            return 0;
        }
        return nextHoldsAll ? 1 : -1;
    }

    /** Bytes per character of a charset's widest character (for charset narrowing). */
    public static int maxBytesPerChar(String charset) {
        if (charset == null) {
            return 0;
        }
        return switch (charset.toLowerCase(Locale.ROOT)) {
            case "utf8mb4", "utf16", "utf16le", "utf32", "gb18030" -> 4;
            case "utf8", "utf8mb3", "ujis", "eucjpms" -> 3;
            case "ucs2", "big5", "gbk", "gb2312", "sjis", "cp932", "euckr" -> 2;
            default -> 1;
        };
    }
}
