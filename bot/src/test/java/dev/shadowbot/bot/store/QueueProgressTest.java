package dev.shadowbot.bot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shadowbot.bot.store.DeployProgress.Progress;
import dev.shadowbot.engine.store.DeployStatus;
import org.junit.jupiter.api.Test;

class QueueProgressTest {
    @Test
    void readsRowsLagAndTheRevertWindowFromAQueueRow() {
        Progress p = QueueProgress.fromQueueRow("RUNNING", 5L,
                "copying, `orders` 100/400 rows (25%), `items` 50/600 rows (8%), lag 1.5 s", null, null, 0);
        assertEquals(DeployStatus.COPYING, p.phase());
        assertEquals(150, p.rowsCopied());
        assertEquals(1000, p.rowsTotal());
        assertEquals(1500L, p.lagMillis());
        assertEquals(15, p.percentCopied());
        assertNull(p.revertWindowEndsAtMillis());

        Progress done = QueueProgress.fromQueueRow("COMPLETE", 5L, "complete", 42L, 90L, 1_000_000);
        assertEquals(DeployStatus.COMPLETE, done.phase());
        assertEquals(42L, done.cutoverStallMillis());
        assertEquals(1_090_000L, done.revertWindowEndsAtMillis());
        assertEquals(-1, done.percentCopied(), "no rows known");
        assertNull(done.revertible(), "the queue does not know revertibility");
        assertEquals(DeployStatus.QUEUED, QueueProgress.fromQueueRow("QUEUED", null, null, null, null, 0).phase());
    }
}
