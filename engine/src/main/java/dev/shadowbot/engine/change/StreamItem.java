package dev.shadowbot.engine.change;

import dev.shadowbot.engine.db.BinlogPosition;

/** What the change stream hands to its consumer, in binlog order. */
public sealed interface StreamItem {

    /**
     * A row change to one of the migrated tables. Images are full rows in the live table's column
     * order, already converted to bindable values (see {@link RowDecoder}); {@code before} is null for
     * inserts, {@code after} is null for deletes.
     */
    record RowChange(String table, Object[] before, Object[] after) implements StreamItem {
        public boolean isDelete() {
            return after == null;
        }
    }

    /**
     * A transaction boundary: every change before {@code next} is delivered. Resuming the stream
     * at {@code next} loses and repeats nothing.
     *
     * @param next        where the next transaction starts
     * @param eventMillis the server's commit time (seconds precision), for lag
     */
    record Commit(BinlogPosition next, long eventMillis) implements StreamItem {
    }

    /**
     * A change to a followed table that the binlog does not carry as full row images (a statement, a
     * partial image): the target table cannot be kept exact from here on.
     */
    record Unsafe(String reason) implements StreamItem {
    }

    /** The stream broke; the consumer restarts it from its last applied commit. */
    record Failure(Exception cause) implements StreamItem {
    }
}
