package dev.shadowbot.bot.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The inbox's guarded transitions on a real database, including a worker that dies mid-event. */
@RealDatabase
class InboxIT {
    @Test
    void storesOnceClaimsOnceAndKeepsThePayloadByteForByte(TestDb db) {
        try (StateStore store = StateStore.open(db.url(), 4)) {
            Inbox inbox = store.inbox();
            byte[] body = "{\"zen\":\"Design for failure. ✓\"}".getBytes(StandardCharsets.UTF_8);
            assertTrue(inbox.accept("d-1", "pull_request", body, true));
            assertFalse(inbox.accept("d-1", "pull_request", body, true), "redelivery");
            InboxEvent e = inbox.claim("w1", Duration.ofMinutes(1)).orElseThrow();
            assertEquals("d-1", e.deliveryId());
            assertArrayEquals(body, e.payload());
            assertEquals(1, e.attempt());
            assertEquals(Optional.empty(), inbox.claim("w2", Duration.ofMinutes(1)), "claimed once");
            assertFalse(inbox.finish("d-1", "w2", InboxStatus.DONE), "only the claim holder may finish it");
            assertTrue(inbox.finish("d-1", "w1", InboxStatus.DONE));
            assertFalse(inbox.retry("d-1", "w1", "late", Duration.ZERO), "a terminal state never changes");
            assertEquals(InboxStatus.DONE, inbox.find("d-1").orElseThrow().status());
        }
    }

    @Test
    void anExpiredClaimMakesTheEventDueAgainOrParksItWhenAttemptsAreUsedUp(TestDb db) throws Exception {
        try (StateStore store = StateStore.open(db.url(), 4)) {
            Inbox inbox = store.inbox();
            inbox.accept("d-2", "pull_request", "{}".getBytes(StandardCharsets.UTF_8), true);
            inbox.claim("dead-worker", Duration.ofSeconds(1)).orElseThrow();
            assertEquals(0, inbox.releaseExpired(3), "claim still valid");
            Thread.sleep(2100);
            assertEquals(1, inbox.releaseExpired(3));
            Inbox.InboxRow row = inbox.find("d-2").orElseThrow();
            assertEquals(InboxStatus.PENDING, row.status());
            assertTrue(row.lastError().contains("claim expired"), row.lastError());

            assertEquals(2, inbox.claim("w", Duration.ofSeconds(1)).orElseThrow().attempt());
            Thread.sleep(2100);
            assertEquals(1, inbox.releaseExpired(2));
            assertEquals(InboxStatus.PARKED, inbox.find("d-2").orElseThrow().status(), "attempts used up");
        }
    }
}
