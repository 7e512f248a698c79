package dev.shadowbot.engine.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkSizerTest {
    private static final long MS = 1_000_000L;

    @Test
    void growsWhenFastAtMostDoubling() {
        ChunkSizer s = new ChunkSizer(Duration.ofMillis(500), 1000, 50, 100_000);
        assertEquals(2000, s.record(1000, 10 * MS));
        assertEquals(4000, s.record(2000, 10 * MS));
    }

    @Test
    void shrinksWhenSlowAtMostHalving() {
        ChunkSizer s = new ChunkSizer(Duration.ofMillis(500), 1000, 50, 100_000);
        assertEquals(500, s.record(1000, 5000 * MS));
        assertEquals(400, s.record(500, 625 * MS));
    }

    @Test
    void staysWithinBoundsAndIgnoresShortChunks() {
        ChunkSizer s = new ChunkSizer(Duration.ofMillis(500), 80, 50, 100);
        assertEquals(100, s.record(80, MS));
        assertEquals(100, s.record(10, 5000 * MS)); // a short last chunk says nothing
        assertEquals(50, s.record(100, 5000 * MS));
        assertEquals(50, s.record(50, 5000 * MS));
    }
}
