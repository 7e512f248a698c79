package dev.shadowbot.engine.copy;

import java.time.Duration;

/**
 * Adapts the chunk size so one chunk takes about the target time: each measurement scales the size
 * by target/elapsed, bounded to halving or doubling per step and to [min, max] rows.
 */
public final class ChunkSizer {
    private final long targetNanos;
    private final int min;
    private final int max;
    private int size;

    public ChunkSizer(Duration target, int initial, int min, int max) {
        this.targetNanos = target.toNanos();
        this.min = min;
        this.max = max;
        this.size = Math.max(min, Math.min(max, initial));
    }

    public static ChunkSizer defaults() {
        return new ChunkSizer(Duration.ofMillis(500), 1000, 50, 100_000);
    }

    public int size() {
        return size;
    }

    /** Records that a chunk of {@code rows} rows took {@code nanos}; returns the next size. */
    public int record(long rows, long nanos) {
        if (rows < size / 2 || nanos <= 0) {
            // A short (last) chunk says nothing about speed.
            return size;
        }
        double factor = (double) targetNanos / nanos;
        factor = Math.max(0.5, Math.min(2.0, factor));
        size = (int) Math.max(min, Math.min(max, Math.round(size * factor)));
        return size;
    }
}
