package dev.shadowbot.bot.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsRepoAndPrFromTheUsualPayloadShapes() {
        assertArrayEquals(new String[] {"acme/shop", "12"}, LogContext.repoAndPr(b(
                "{\"action\":\"opened\",\"number\":12,\"pull_request\":{\"number\":12,\"head\":{\"repo\":"
                        + "{\"full_name\":\"fork/shop\"}}},\"repository\":{\"id\":1,\"full_name\":\"acme/shop\"}}")));
        assertArrayEquals(new String[] {"acme/shop", "7"}, LogContext.repoAndPr(b(
                "{\"issue\":{\"number\":7,\"labels\":[{\"name\":\"x\"}]},\"repository\":{\"full_name\":\"acme/shop\"}}")));
        assertArrayEquals(new String[] {null, null}, LogContext.repoAndPr(b("not json")));
    }

    @Test
    void nestedBlocksRestoreWhatWasThere() {
        try (LogContext outer = LogContext.deployRequest(5, "app")) {
            try (LogContext inner = LogContext.with(LogContext.DATABASE, "analytics", LogContext.TABLE, "orders")) {
                assertEquals("analytics", MDC.get("database"));
                assertEquals("orders", MDC.get("table"));
                assertEquals("5", MDC.get("dr"));
            }
            assertEquals("app", MDC.get("database"));
            assertNull(MDC.get("table"));
        }
        assertNull(MDC.get("dr"));
    }
}
