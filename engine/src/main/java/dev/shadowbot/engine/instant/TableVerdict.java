package dev.shadowbot.engine.instant;

import java.util.List;

/**
 * What the server said about one altered table.
 *
 * @param table        the live table
 * @param instant      true when the change and its revert both ran with {@code ALGORITHM=INSTANT} on the probe
 * @param reason       why it is copied (the server's refusal, or the rule that keeps a revert whole); for an
 *                     instant table a short confirmation
 * @param forward      the ALTER clauses the cutover runs
 * @param inverse      the ALTER clauses a revert runs (instant tables only, else null)
 * @param oldColumns   the column lines of the table before the change (to recognise it after a crash)
 * @param newColumns   the column lines after the change
 * @param lostOnRevert columns the revert drops: values written only to them are lost on revert
 */
public record TableVerdict(String table, boolean instant, String reason, String forward, String inverse,
                           List<String> oldColumns, List<String> newColumns, List<String> lostOnRevert) {
    public TableVerdict {
        oldColumns = oldColumns == null ? List.of() : List.copyOf(oldColumns);
        newColumns = newColumns == null ? List.of() : List.copyOf(newColumns);
        lostOnRevert = lostOnRevert == null ? List.of() : List.copyOf(lostOnRevert);
    }

    static TableVerdict copy(String table, String forward, String reason) {
        return new TableVerdict(table, false, reason, forward, null, List.of(), List.of(), List.of());
    }

    /** "instant" or "copy". */
    public String path() {
        return instant ? InstantPlan.INSTANT : InstantPlan.COPY;
    }
}
