package dev.shadowbot.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnInfoTest {
    @Test
    void parsesEnumMembersWithQuotesAndCommas() {
        ColumnInfo c = new ColumnInfo("e", 1, "enum", "enum('a,b','it''s','','x\\\\y')", "utf8mb4", true, false);
        assertEquals(List.of("a,b", "it's", "", "x\\y"), c.members());
    }

    @Test
    void classifiesTypes() {
        assertTrue(new ColumnInfo("c", 1, "varchar", "varchar(5)", "latin1", true, false).isText());
        assertTrue(new ColumnInfo("c", 1, "varchar", "varbinary(5)", null, true, false).isBinary());
        assertTrue(new ColumnInfo("c", 1, "blob", "blob", null, true, false).isBinary());
        assertFalse(new ColumnInfo("c", 1, "blob", "blob", null, true, false).isText());
        assertTrue(new ColumnInfo("c", 1, "int", "int unsigned", null, true, false).unsigned());
    }

    @Test
    void keyCodecRoundTripsTextAndBytes() {
        Object[] key = {"é'\"", new byte[] {0, 1, (byte) 0xFF}, "42"};
        Object[] back = KeyCodec.decode(KeyCodec.encode(key));
        assertEquals("é'\"", back[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals((byte[]) key[1], (byte[]) back[1]);
        assertEquals("42", back[2]);
    }
}
