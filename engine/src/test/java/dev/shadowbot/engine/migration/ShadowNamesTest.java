package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShadowNamesTest {
    @Test
    void shortNamesAreReadable() {
        assertEquals("orders_shadowbot_12_new", ShadowNames.shadow(12, "orders"));
    }

    @Test
    void shadowsSortAfterTheLiveNameAndAreIgnoredByThePlanner() {
        // The cutover's RENAME must take the live table's metadata lock first (see ShadowReaderCutoverIT).
        for (String table : new String[] {"orders", "Orders", "a", "z9", "order_items"}) {
            assertTrue(ShadowNames.shadow(12, table).compareTo(table) > 0, table);
            assertTrue(dev.shadowbot.engine.schema.SchemaReader.isIgnored(ShadowNames.shadow(12, table)), table);
            assertTrue(ShadowNames.isShadow(ShadowNames.shadow(12, table)), table);
        }
        assertTrue(dev.shadowbot.engine.schema.SchemaReader.isIgnored("orders_shadowbot_12_rev"));
        assertFalse(ShadowNames.isShadow("orders_new"));
    }

    @Test
    void longNamesAreCutAndHashedWithinTheLimit() {
        String a = "a".repeat(60) + "_one";
        String b = "a".repeat(60) + "_two";
        String sa = ShadowNames.shadow(123456, a);
        String sb = ShadowNames.shadow(123456, b);
        assertEquals(64, sa.length());
        assertTrue(sa.startsWith("_shadowbot_123456_aaaa"), sa);
        assertNotEquals(sa, sb);
        assertEquals(sa, ShadowNames.shadow(123456, a), "stable");
    }

    @Test
    void retiredNamesSortAfterTheLiveName() {
        assertEquals("orders_shadowbot_12_old", ShadowNames.retired(12, "orders").orElseThrow());
        assertTrue(ShadowNames.retired(12, "orders").get().compareTo("orders") > 0);
        assertTrue(ShadowNames.retired(12, "t".repeat(50)).isEmpty());
        assertTrue(dev.shadowbot.engine.schema.SchemaReader.isIgnored("orders_shadowbot_12_old"));
        assertFalse(dev.shadowbot.engine.schema.SchemaReader.isIgnored("orders_old"));
    }

    @Test
    void recognisesShadowsOfOtherRequests() {
        assertTrue(ShadowNames.isShadowOfOther("orders_shadowbot_3_new", "orders", 4));
        assertFalse(ShadowNames.isShadowOfOther("orders_shadowbot_4_new", "orders", 4));
        assertFalse(ShadowNames.isShadowOfOther("orders_x_shadowbot_3_new", "orders", 4));
        assertFalse(ShadowNames.isShadowOfOther("orders", "orders", 4));
        String longTable = "t".repeat(70);
        assertTrue(ShadowNames.isShadowOfOther(ShadowNames.shadow(3, longTable), longTable, 4));
    }
}
