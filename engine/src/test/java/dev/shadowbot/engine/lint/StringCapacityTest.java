package dev.shadowbot.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.schema.ColumnModel;
import org.junit.jupiter.api.Test;

class StringCapacityTest {

    static ColumnModel col(String type, String charset) {
        String base = type.replaceAll("\\(.*", "");
        return new ColumnModel("c", 1, "`c` " + type, base, type, charset, charset == null ? null : charset + "_bin",
                true, null, true, null, null, false, false, "", false);
    }

    private static String narrowing(String fromType, String fromCs, String toType, String toCs) {
        ColumnModel a = col(fromType, fromCs);
        ColumnModel b = col(toType, toCs);
        return StringCapacity.narrowing(a, TypeInfo.parse(a.columnType()), b, TypeInfo.parse(b.columnType()));
    }

    @Test
    void latin1Varchar60000IntoUtf8mb4TextIsNarrowingInBytes() {
        String why = narrowing("varchar(60000)", "latin1", "text", "utf8mb4");
        assertEquals("varchar(60000) latin1 → text utf8mb4 is narrower: 60000 latin1 characters can take 180,000 bytes"
                + " in utf8mb4, and text holds 65,535 bytes", why);
    }

    @Test
    void aShortVarcharFitsTextInAnyCharset() {
        assertNull(narrowing("varchar(255)", "utf8mb4", "text", "utf8mb4"));
        assertNull(narrowing("varchar(255)", "latin1", "mediumtext", "utf8mb4"));
    }

    @Test
    void utf8mb4VarcharOfMoreThan16383CharactersDoesNotFitText() {
        assertTrue(narrowing("varchar(20000)", "utf8mb4", "text", "utf8mb4").contains("80,000 bytes"));
    }

    @Test
    void latin1TextIntoUtf8mb4TextIsNarrowingButIntoMediumtextIsNot() {
        // What CONVERT TO CHARACTER SET does for the same reason: TEXT becomes MEDIUMTEXT.
        assertTrue(narrowing("text", "latin1", "text", "utf8mb4").contains("196,605 bytes"));
        assertNull(narrowing("text", "latin1", "mediumtext", "utf8mb4"));
        assertNull(narrowing("text", "utf8mb3", "text", "utf8mb4"));
    }

    @Test
    void charactersCountForVarcharWhateverTheCharset() {
        assertNull(narrowing("varchar(100)", "latin1", "varchar(100)", "utf8mb4"));
        assertTrue(narrowing("varchar(100)", "utf8mb4", "varchar(50)", "utf8mb4").startsWith("varchar(100) → varchar(50) is narrower"));
        assertNull(narrowing("tinytext", "utf8mb4", "varchar(255)", "utf8mb4"));
        assertTrue(narrowing("text", "utf8mb4", "varchar(16000)", "utf8mb4").contains("up to 65535"));
    }

    @Test
    void theRepertoireOfTheNewCharsetMustHoldTheOldOne() {
        assertEquals("varchar(10) utf8mb4 → varchar(10) utf8mb3: charset utf8mb3 cannot hold every utf8mb4 character",
                narrowing("varchar(10)", "utf8mb4", "varchar(10)", "utf8mb3"));
        assertTrue(narrowing("varchar(10)", "latin1", "varchar(10)", "latin2").contains("cannot hold every latin1"));
        assertNull(narrowing("varchar(10)", "ascii", "varchar(10)", "latin1"));
        assertNull(narrowing("varchar(10)", "utf8mb3", "varchar(10)", "utf8mb4"));
        assertNull(narrowing("varchar(10)", "latin1", "varchar(10)", "utf8mb3"));
    }
}
