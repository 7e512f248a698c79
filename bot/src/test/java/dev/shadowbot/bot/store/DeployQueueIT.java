package dev.shadowbot.bot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.DeployQueue.Request;
import dev.shadowbot.bot.store.DeployQueue.Status;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The deploy queue's order, guarded moves and the per-database lease, on a real state database. */
@RealDatabase
class DeployQueueIT {
    @Test
    void firstComeFirstServedPerDatabaseWithGuardedMoves(TestDb db) {
        try (StateStore store = StateStore.open(db.url(), 4)) {
            DeployQueue q = store.deployQueue();
            long a = q.enqueue("acme/shop", 1, 9, "app", "a".repeat(40), "{}", "bob", Duration.ofMinutes(30));
            long other = q.enqueue("acme/shop", 3, 9, "analytics", "c".repeat(40), "{}", "bob", Duration.ofMinutes(30));
            long b = q.enqueue("acme/shop", 2, 9, "app", "b".repeat(40), "{}", "carol", Duration.ofMinutes(30));
            assertEquals(a, q.head("app").orElseThrow().id());
            assertEquals(other, q.head("analytics").orElseThrow().id(), "databases queue independently");
            Entry eb = q.get(b).orElseThrow();
            assertEquals(2, q.position(eb));
            assertEquals(1, q.position(q.get(other).orElseThrow()));

            assertTrue(q.move(a, Status.QUEUED, Status.RUNNING, 40L, "copying", null, null));
            assertFalse(q.move(a, Status.QUEUED, Status.RUNNING, 41L, "copying", null, null), "guarded on the status");
            assertEquals(40L, q.get(a).orElseThrow().migrationId());
            assertTrue(q.request(a, Request.CUTOVER));
            assertTrue(q.move(a, Status.RUNNING, Status.STAGED, null, "staged", null, null));
            Entry staged = q.get(a).orElseThrow();
            assertEquals(Request.CUTOVER, staged.requested(), "a request survives the move to staged");
            assertTrue(staged.stagedAt() != null);
            assertTrue(q.move(a, Status.STAGED, Status.WINDOW, null, "revertible", null, 15L));
            Entry window = q.get(a).orElseThrow();
            assertNull(window.requested(), "the cutover request is done");
            assertEquals(15L, window.cutoverLockMillis());
            assertTrue(window.cutoverAt() != null && window.revertWindowEnd().isPresent());
            assertEquals(List.of(a), q.inWindow("app").stream().map(Entry::id).toList());
            assertTrue(q.request(a, Request.SKIP_REVERT), "a row in its window takes window requests");
            assertTrue(q.move(a, Status.WINDOW, Status.COMPLETE, null, "closed", null, null));
            Entry done = q.get(a).orElseThrow();
            assertEquals(window.cutoverAt(), done.cutoverAt(), "the cutover time stays");
            assertEquals(Request.SKIP_REVERT, done.requested(), "kept for the final summary");
            assertEquals(List.of(), q.inWindow("app"));
            assertFalse(q.request(a, Request.CANCEL), "a finished row takes no requests");

            assertEquals(b, q.head("app").orElseThrow().id(), "the next PR gets the database");
            assertEquals(1, q.position(q.get(b).orElseThrow()));
            assertTrue(q.moveHead(b, "b".repeat(40), "d".repeat(40)));
            assertEquals("d".repeat(40), q.get(b).orElseThrow().headSha());
            assertEquals(List.of(b), q.active("acme/shop", 2).stream().map(Entry::id).toList());
        }
    }

    @Test
    void onlyOneReplicaHoldsADatabaseUntilItsLeaseExpires(TestDb db) throws Exception {
        try (StateStore store = StateStore.open(db.url(), 8)) {
            DeployQueue q = store.deployQueue();
            // Eight replicas race for the same free database: exactly one wins.
            int replicas = 8;
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger winners = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                String owner = "replica-" + i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        if (q.takeLease("app", owner, 1)) {
                            winners.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                threads.add(t);
                t.start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, winners.get());
            assertTrue(q.takeLease("other", "replica-x", 30), "another database is free");

            q.releaseLease("app", "nobody");
            String holder = db.scalar("SELECT owner FROM sb_database_lease WHERE database_name = 'app'");
            assertTrue(q.takeLease("app", holder, 1), "the holder renews");
            assertFalse(q.takeLease("app", "late", 1), "held");
            Thread.sleep(1_200);
            assertTrue(q.takeLease("app", "late", 30), "an expired lease is taken over");
            assertFalse(q.takeLease("app", holder, 30), "the old holder lost it");
            assertFalse(q.renewLease("app", holder, 30), "and cannot renew it");
            assertTrue(q.renewLease("app", "late", 1), "the holder renews without retaking");
            q.releaseLease("app", "late");
            assertTrue(q.takeLease("app", holder, 30), "released → free");
        }
    }
}
