package dev.shadowbot.engine.change;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import dev.shadowbot.engine.table.ColumnInfo;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * Turns binlog cell values (as mysql-binlog-connector-java delivers them with
 * CHAR_AND_BINARY_AS_BYTE_ARRAY, temporal cells as exact text through {@link ExactRows}; the epoch
 * microsecond forms below remain for callers that decode with the library's own modes)
 * into values a statement can bind without losing anything:
 * <ul>
 *   <li>text: the raw bytes in the column's charset; the applier binds them as
 *       {@code CONVERT(? USING charset)} so the server itself decodes them;</li>
 *   <li>binary/BLOB: raw bytes; integers: the signed value fixed up for UNSIGNED columns;</li>
 *   <li>ENUM/SET: the member text (the binlog carries indexes, and the shadow's members may be renumbered);</li>
 *   <li>temporal: the literal text ({@code 2024-05-01 10:00:00.123456}); TIMESTAMP in UTC, which is
 *       why apply sessions run with {@code time_zone = '+00:00'};</li>
 *   <li>MySQL's binary JSON: its JSON text; DECIMAL: BigDecimal; BIT: its number.</li>
 * </ul>
 */
public final class RowDecoder {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private RowDecoder() {
    }

    public static Object[] decode(Serializable[] raw, List<ColumnInfo> columns) {
        Object[] out = new Object[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i] == null ? null : value(raw[i], columns.get(i));
        }
        return out;
    }

    static Object value(Serializable v, ColumnInfo c) {
        if (c.isInteger()) {
            return integer(((Number) v).longValue(), c);
        }
        if (c.isEnum()) {
            int index = ((Number) v).intValue();
            List<String> members = c.members();
            return index >= 1 && index <= members.size() ? members.get(index - 1) : "";
        }
        if (c.isSet()) {
            long bits = ((Number) v).longValue();
            List<String> members = c.members();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < members.size(); i++) {
                if ((bits & (1L << i)) != 0) {
                    sb.append(sb.length() == 0 ? "" : ",").append(members.get(i));
                }
            }
            return sb.toString();
        }
        if (c.isJson() && v instanceof byte[] b) {
            try {
                return JsonBinary.parseAsString(b);
            } catch (IOException e) {
                throw new IllegalStateException("cannot decode JSON of column " + c.name() + ": " + e.getMessage(), e);
            }
        }
        if (c.isTemporal()) {
            return temporal(v, c);
        }
        if (v instanceof BitSet bits) {
            long n = 0;
            for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
                n |= 1L << i;
            }
            return n >= 0 ? n : BigInteger.valueOf(n).add(TWO_64); // BIT(64) with its top bit set
        }
        if (v instanceof Double d && c.dataType().equals("float")) {
            return d; // a FLOAT widened exactly (ExactRows): its shortest float text would exceed FLT_MAX
        }
        if (v instanceof String s && (c.isText() || c.isBinary())) {
            // Only when the library decoded text itself; keep bytes so the server decodes them.
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return v;
    }

    static Object integer(long v, ColumnInfo c) {
        if (!c.unsigned() || v >= 0 && !c.dataType().equals("bigint")) {
            return v;
        }
        return switch (c.dataType()) {
            case "tinyint" -> v & 0xFFL;
            case "smallint" -> v & 0xFFFFL;
            case "mediumint" -> v & 0xFFFFFFL;
            case "int", "integer" -> v & 0xFFFFFFFFL;
            default -> v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
        };
    }

    static Object temporal(Serializable v, ColumnInfo c) {
        if (v instanceof String exact) {
            return exact; // decoded from the binlog bytes by ExactTemporal
        }
        if (c.dataType().equals("year")) {
            int y = ((Number) v).intValue();
            return y == 1900 ? 0 : y; // the library adds 1900 to the stored 0 of YEAR 0000
        }
        long micros = ((Number) v).longValue();
        boolean zero = micros == Long.MIN_VALUE || (c.dataType().equals("timestamp") && micros == 0);
        return switch (c.dataType()) {
            case "date" -> zero ? "0000-00-00" : date(micros);
            case "time" -> time(micros);
            default -> zero ? "0000-00-00 00:00:00" : date(micros) + " " + time(Math.floorMod(micros, MICROS_PER_DAY));
        };
    }

    /** Gregorian cutover (1582-10-15) in epoch microseconds. */
    private static final long CUTOVER_MICROS = -12_219_292_800_000_000L;

    /**
     * The date part of epoch microseconds. Before 1582-10-15 the library computes epoch values with
     * {@link java.util.GregorianCalendar} (Julian dates), so they are read back the same way.
     */
    static String date(long micros) {
        if (micros >= CUTOVER_MICROS) {
            return java.time.LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY)).toString();
        }
        java.util.Calendar cal = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("GMT"));
        cal.setTimeInMillis(Math.floorDiv(micros, 1000));
        return String.format("%04d-%02d-%02d", cal.get(java.util.Calendar.YEAR), cal.get(java.util.Calendar.MONTH) + 1,
                cal.get(java.util.Calendar.DAY_OF_MONTH));
    }

    /** {@code H:MM:SS[.ffffff]}; hours may exceed 24 for TIME values. */
    static String time(long micros) {
        long seconds = micros / 1_000_000;
        long frac = micros % 1_000_000;
        String s = String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
        return frac == 0 ? s : s + String.format(".%06d", frac);
    }
}
