package dev.shadowbot.engine.migration;

import java.util.Locale;
import java.util.Optional;

/**
 * How a retired table (the old table when the revert window closes, the new one after a revert, a
 * quarantined dropped table) is dropped. Measured in bench/RESULTS.md ("Dropping a retired table").
 */
public enum RetiredDrop {
    /**
     * One {@code DROP TABLE}: writes one statement to the binlog, no rows. On current servers (MariaDB
     * 10.11/11.4, MySQL 8.0.23+) it no longer scans the buffer pool under a global lock.
     */
    DROP,
    /**
     * {@code DELETE … LIMIT 1000} per transaction, then {@code DROP TABLE} of the empty table: spreads the
     * work on servers whose DROP stalls, but writes every row to the binlog (to every replica, and to the
     * stream) and takes seconds per million rows.
     */
    STEPWISE;

    /** The name as written on the command line, e.g. {@code stepwise}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RetiredDrop> parse(String s) {
        for (RetiredDrop d : values()) {
            if (d.cliName().equals(s)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
