package dev.shadowbot.engine.change;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Temporal cells of a rows event decoded from their binlog bytes straight to the literal text the
 * server itself prints, without {@code java.util.Date}/{@code Calendar} or epoch arithmetic: so a DATE
 * between 1582-10-05 and 1582-10-14 (which the Julian calendar skips), a zero-part date
 * ({@code 2024-02-00}) and a negative TIME travel byte-exact. Layouts follow MySQL's
 * {@code my_time.cc} (DATETIME2/TIME2/TIMESTAMP2 big-endian with an offset; the old 5.5 formats
 * little-endian); MariaDB writes the same ones.
 */
final class ExactTemporal {
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;

    private ExactTemporal() {
    }

    /** DATE: 3 bytes little-endian, day | month << 5 | year << 9. */
    static String date(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        return ymd(v >>> 9, (v >>> 5) & 0xF, v & 0x1F);
    }

    /** DATETIME2(fsp): 5 bytes big-endian (offset), then the fraction. */
    static String datetime2(int fsp, ByteArrayInputStream in) throws IOException {
        long intpart = bigEndian(in.read(5)) - DATETIMEF_INT_OFS;
        int micros = fraction(fsp, in);
        long ymd = intpart >> 17;
        long ym = ymd >> 5;
        long hms = intpart % (1 << 17);
        return ymd((int) (ym / 13), (int) (ym % 13), (int) (ymd % 32)) + " "
                + hms(false, hms >> 12, (hms >> 6) % 64, hms % 64, micros, fsp);
    }

    /** TIME2(fsp): 3 bytes big-endian (offset) and the fraction, negative values in reverse order. */
    static String time2(int fsp, ByteArrayInputStream in) throws IOException {
        long packed;
        if (fsp >= 5) {
            packed = bigEndian(in.read(6)) - TIMEF_OFS;
        } else {
            long intpart = bigEndian(in.read(3)) - TIMEF_INT_OFS;
            long frac = 0;
            if (fsp >= 3) {
                frac = bigEndian(in.read(2));
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x10000;
                }
                frac *= 100;
            } else if (fsp >= 1) {
                frac = bigEndian(in.read(1));
                if (intpart < 0 && frac != 0) {
                    intpart++;
                    frac -= 0x100;
                }
                frac *= 10_000;
            }
            packed = (intpart << 24) + frac;
        }
        boolean negative = packed < 0;
        long t = Math.abs(packed);
        long hms = t >> 24;
        int micros = (int) (t % (1 << 24));
        return hms(negative, (hms >> 12) % (1 << 10), (hms >> 6) % 64, hms % 64, micros, fsp);
    }

    /** TIMESTAMP2(fsp): 4 bytes big-endian seconds since the epoch (UTC), then the fraction; 0 is the zero date. */
    static String timestamp2(int fsp, ByteArrayInputStream in) throws IOException {
        long seconds = bigEndian(in.read(4));
        int micros = fractionUnsigned(fsp, in);
        return timestamp(seconds, micros, fsp);
    }

    /** The old TIMESTAMP: 4 bytes little-endian seconds. */
    static String timestamp(ByteArrayInputStream in) throws IOException {
        return timestamp(in.readLong(4), 0, 0);
    }

    /** The old TIME: a signed 3-byte little-endian HHMMSS number. */
    static String time(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        if ((v & 0x800000) != 0) {
            v |= 0xFF000000; // sign-extend
        }
        boolean negative = v < 0;
        int a = Math.abs(v);
        return hms(negative, a / 10000, (a / 100) % 100, a % 100, 0, 0);
    }

    /** The old DATETIME: 8 bytes little-endian YYYYMMDDhhmmss. */
    static String datetime(ByteArrayInputStream in) throws IOException {
        long v = in.readLong(8);
        long d = v / 1_000_000;
        long t = v % 1_000_000;
        return ymd((int) (d / 10000), (int) ((d / 100) % 100), (int) (d % 100)) + " "
                + hms(false, t / 10000, (t / 100) % 100, t % 100, 0, 0);
    }

    private static String timestamp(long seconds, int micros, int fsp) {
        if (seconds == 0 && micros == 0) {
            return "0000-00-00 00:00:00";
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        return ymd(t.getYear(), t.getMonthValue(), t.getDayOfMonth()) + " "
                + hms(false, t.getHour(), t.getMinute(), t.getSecond(), micros, fsp);
    }

    /** The signed fraction of DATETIME2 in microseconds ((fsp+1)/2 bytes, big-endian). */
    private static int fraction(int fsp, ByteArrayInputStream in) throws IOException {
        return switch (fsp) {
            case 1, 2 -> ((byte) in.read(1)[0]) * 10_000;
            case 3, 4 -> ((short) bigEndian(in.read(2))) * 100;
            case 5, 6 -> {
                int v = (int) bigEndian(in.read(3));
                yield (v & 0x800000) != 0 ? v | 0xFF000000 : v;
            }
            default -> 0;
        };
    }

    private static int fractionUnsigned(int fsp, ByteArrayInputStream in) throws IOException {
        return switch (fsp) {
            case 1, 2 -> (int) bigEndian(in.read(1)) * 10_000;
            case 3, 4 -> (int) bigEndian(in.read(2)) * 100;
            case 5, 6 -> (int) bigEndian(in.read(3));
            default -> 0;
        };
    }

    private static long bigEndian(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    private static String ymd(int y, int m, int d) {
        return String.format("%04d-%02d-%02d", y, m, d);
    }

    private static String hms(boolean negative, long h, long m, long s, int micros, int fsp) {
        String out = (negative ? "-" : "") + String.format("%02d:%02d:%02d", h, m, s);
        return fsp > 0 || micros != 0 ? out + String.format(".%06d", micros) : out;
    }
}
