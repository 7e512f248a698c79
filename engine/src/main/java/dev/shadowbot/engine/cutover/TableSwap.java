package dev.shadowbot.engine.cutover;

import java.util.Objects;

/**
 * One table's part of an atomic swap: {@code live} becomes {@code retired}, {@code replacement}
 * becomes {@code live}. For a cutover the replacement is the shadow and the retired name is the old
 * table kept for the revert window; for a revert the roles are swapped.
 * <p>
 * Two one-sided forms serve quarantined drops: {@link #drop} (no replacement: the live table is only
 * renamed to {@code retired}, its quarantine name) and {@link #restore} (no retired name: the
 * quarantined {@code replacement} gets the live name back, which must be free).
 */
public record TableSwap(String live, String replacement, String retired) {
    public TableSwap {
        Objects.requireNonNull(live, "live");
        if (replacement == null && retired == null) {
            throw new IllegalArgumentException("a swap of " + live + " needs a replacement or a retired name");
        }
    }

    /** The live table goes into quarantine under {@code quarantine}; nothing takes its name. */
    public static TableSwap drop(String live, String quarantine) {
        return new TableSwap(live, null, quarantine);
    }

    /** The quarantined table gets its name {@code live} back. */
    public static TableSwap restore(String live, String quarantined) {
        return new TableSwap(live, quarantined, null);
    }

    public boolean isDrop() {
        return replacement == null;
    }

    public boolean isRestore() {
        return retired == null;
    }

    /** This swap's part of the RENAME TABLE statement, identifiers quoted. */
    String renameClause() {
        String q = dev.shadowbot.engine.db.Identifiers.quote(live);
        if (isDrop()) {
            return q + " TO " + dev.shadowbot.engine.db.Identifiers.quote(retired);
        }
        if (isRestore()) {
            return dev.shadowbot.engine.db.Identifiers.quote(replacement) + " TO " + q;
        }
        return q + " TO " + dev.shadowbot.engine.db.Identifiers.quote(retired) + ", "
                + dev.shadowbot.engine.db.Identifiers.quote(replacement) + " TO " + q;
    }
}
