package dev.shadowbot.engine.apply;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the coalesced row changes of one streamed table into its target table, inside the caller's
 * transaction. {@link ChangeApplier} (live → shadow) and {@link ReverseApplier} (new live → old table)
 * are the two directions.
 */
public interface TableApplier {
    /** A coalescer keyed like this applier. */
    Coalescer newCoalescer();

    /** Applies the operations in order on {@code c}; the caller commits or rolls back. */
    void apply(Connection c, List<Coalescer.Op> ops) throws SQLException;
}
