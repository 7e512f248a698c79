package dev.shadowbot.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypeInfoTest {
    private static int cmp(String a, String b) {
        return Integer.signum(TypeInfo.parse(a).compareTo(TypeInfo.parse(b)));
    }

    @Test
    void integers() {
        assertEquals(1, cmp("int(11)", "bigint(20)"));
        assertEquals(-1, cmp("bigint", "int"));
        assertEquals(-1, cmp("int unsigned", "int"), "signed cannot hold the upper half");
        assertEquals(-1, cmp("int", "int unsigned"), "unsigned cannot hold negatives");
        assertEquals(1, cmp("int unsigned", "bigint"));
        assertEquals(0, cmp("int(10)", "int"));
        assertEquals(-1, cmp("smallint", "tinyint"));
    }

    @Test
    void stringsDecimalsTemporalsEnums() {
        assertEquals(1, cmp("varchar(10)", "varchar(20)"));
        assertEquals(-1, cmp("varchar(20)", "char(10)"));
        assertEquals(1, cmp("varchar(200)", "text"));
        assertEquals(-1, cmp("text", "varchar(100)"));
        assertEquals(-1, cmp("mediumtext", "text"));
        assertEquals(1, cmp("decimal(10,2)", "decimal(12,2)"));
        assertEquals(-1, cmp("decimal(10,2)", "decimal(10,3)"), "one integer digit fewer");
        assertEquals(1, cmp("decimal(10,2)", "decimal(11,3)"));
        assertEquals(-1, cmp("datetime(6)", "datetime"));
        assertEquals(-1, cmp("double", "float"));
        assertEquals(1, cmp("enum('a','b')", "enum('a','b','c')"));
        assertEquals(-1, cmp("enum('a','b')", "enum('a')"));
        assertEquals(-1, cmp("varchar(10)", "int"));
        assertEquals(List.of("it's", "b"), TypeInfo.parse("enum('it''s','b')").values());
    }

    @Test
    void integerRanges() {
        assertEquals("127", TypeInfo.parse("tinyint").integerMax().toString());
        assertEquals("18446744073709551615", TypeInfo.parse("bigint unsigned").integerMax().toString());
        assertTrue(TypeInfo.maxBytesPerChar("utf8mb4") > TypeInfo.maxBytesPerChar("latin1"));
    }
}
