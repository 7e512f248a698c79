package dev.shadowbot.engine.checksum;

import java.util.List;

/**
 * The outcome of checksumming one table at one consistent point.
 *
 * @param table      live table
 * @param chunks     chunks compared
 * @param rows       live rows compared
 * @param mismatches key ranges whose live and shadow checksums differ ({@code (low, high]}, null = open)
 * @param skipped    columns left out because old and new type have no common text form
 */
public record ChecksumResult(String table, int chunks, long rows, List<Range> mismatches, List<String> skipped) {
    /** A key range {@code (low, high]}; a null bound is open. */
    public record Range(Object[] low, Object[] high) {
    }

    public ChecksumResult {
        mismatches = List.copyOf(mismatches);
        skipped = List.copyOf(skipped);
    }

    public boolean matches() {
        return mismatches.isEmpty();
    }
}
