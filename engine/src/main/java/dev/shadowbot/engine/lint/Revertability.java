package dev.shadowbot.engine.lint;

import java.util.List;

/**
 * Predicted revertability of one table's change, before deploying.
 *
 * @param table   the table
 * @param verdict {@code yes}: revert keeps everything; {@code conditional}: revert may lose column data
 *                or be refused by rows written after cutover (see reasons)
 * @param reasons one line per revertability finding
 */
public record Revertability(String table, Verdict verdict, List<String> reasons) {
    public enum Verdict {
        yes,
        conditional
    }

    public Revertability {
        reasons = List.copyOf(reasons);
    }
}
