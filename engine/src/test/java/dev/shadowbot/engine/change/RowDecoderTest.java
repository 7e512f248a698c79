package dev.shadowbot.engine.change;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.table.ColumnInfo;
import java.math.BigInteger;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class RowDecoderTest {
    private static ColumnInfo col(String dataType, String columnType, String charset) {
        return new ColumnInfo("c", 1, dataType, columnType, charset, true, false);
    }

    @Test
    void unsignedIntegersAreWidened() {
        assertEquals(255L, RowDecoder.value(-1, col("tinyint", "tinyint(3) unsigned", null)));
        assertEquals(65535L, RowDecoder.value(-1, col("smallint", "smallint unsigned", null)));
        assertEquals(16777215L, RowDecoder.value(-1, col("mediumint", "mediumint unsigned", null)));
        assertEquals(4294967295L, RowDecoder.value(-1, col("int", "int unsigned", null)));
        assertEquals(new BigInteger("18446744073709551615"), RowDecoder.value(-1L, col("bigint", "bigint unsigned", null)));
        assertEquals(-1L, RowDecoder.value(-1, col("int", "int", null)));
    }

    @Test
    void enumAndSetIndexesBecomeTheirMembers() {
        ColumnInfo e = col("enum", "enum('small','it''s','large')", "utf8mb4");
        assertEquals("it's", RowDecoder.value(2, e));
        assertEquals("", RowDecoder.value(0, e));
        ColumnInfo s = col("set", "set('a','b','c')", "utf8mb4");
        assertEquals("a,c", RowDecoder.value(5L, s));
        assertEquals("", RowDecoder.value(0L, s));
    }

    @Test
    void temporalValuesBecomeLiterals() {
        long micros = java.time.LocalDateTime.parse("2024-02-29T23:59:59.123456")
                .toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + 123_456;
        assertEquals("2024-02-29 23:59:59.123456", RowDecoder.value(micros, col("datetime", "datetime(6)", null)));
        assertEquals("2024-02-29", RowDecoder.value(micros - 123_456 - 86_399_000_000L, col("date", "date", null)));
        assertEquals("838:59:58.990000", RowDecoder.value(3_020_398_990_000L, col("time", "time(2)", null)));
        assertEquals("0000-00-00 00:00:00", RowDecoder.value(Long.MIN_VALUE, col("datetime", "datetime", null)));
        assertEquals("0000-00-00 00:00:00", RowDecoder.value(0L, col("timestamp", "timestamp", null)));
        assertEquals(0, RowDecoder.value(1900, col("year", "year(4)", null)));
        assertEquals(2155, RowDecoder.value(2155, col("year", "year(4)", null)));
    }

    @Test
    void datesBeforeTheGregorianCutoverRoundTrip() {
        java.util.Calendar cal = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("GMT"));
        cal.clear();
        cal.set(1, java.util.Calendar.JANUARY, 1);
        assertEquals("0001-01-01", RowDecoder.date(cal.getTimeInMillis() * 1000));
    }

    @Test
    void bitsAndBytes() {
        BitSet bits = new BitSet();
        bits.set(1);
        bits.set(3);
        assertEquals(10L, RowDecoder.value(bits, col("bit", "bit(10)", null)));
        byte[] raw = {(byte) 0xE9};
        assertArrayEquals(raw, (byte[]) RowDecoder.value(raw, col("varchar", "varchar(5)", "latin1")));
    }
}
