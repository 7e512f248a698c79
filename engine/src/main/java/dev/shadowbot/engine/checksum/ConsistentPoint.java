package dev.shadowbot.engine.checksum;

import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.db.ServerInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Opens a snapshot in which the live tables and their shadows are equal if the migration is correct:
 * connection L takes {@code LOCK TABLES live… READ} (writers wait; readers do not), reads the binlog
 * position, the caller drains the stream up to it, connection S starts a consistent snapshot, and L
 * unlocks. Writes are blocked only for the drain, which is short when apply keeps up.
 */
public final class ConsistentPoint {
    /** Drains the change stream until every change before {@code position} is applied to the shadows. */
    @FunctionalInterface
    public interface Drain {
        void upTo(BinlogPosition position) throws SQLException, InterruptedException;
    }

    private ConsistentPoint() {
    }

    /**
     * Starts a consistent snapshot transaction on {@code snapshot}. On return the caller owns the open
     * transaction (commit it when done).
     */
    public static BinlogPosition open(Connection lock, Connection snapshot, ServerInfo info, String schema,
                                      List<String> liveTables, int lockWaitSeconds, Drain drain)
            throws SQLException, InterruptedException {
        try (PreparedStatement ps = lock.prepareStatement(ChecksumSql.SESSION)) {
            ps.setInt(1, lockWaitSeconds);
            ps.execute();
        }
        try (PreparedStatement ps = snapshot.prepareStatement(ChecksumSql.SESSION)) {
            ps.setInt(1, lockWaitSeconds);
            ps.execute();
        }
        try (Statement l = lock.createStatement(); Statement s = snapshot.createStatement()) {
            s.execute(ChecksumSql.SNAPSHOT_ISOLATION);
            l.execute(ChecksumSql.lockRead(schema, liveTables));
            try {
                BinlogPosition p = BinlogPositions.current(lock, info);
                drain.upTo(p);
                s.execute(ChecksumSql.START_SNAPSHOT);
                return p;
            } finally {
                l.execute(ChecksumSql.UNLOCK);
            }
        }
    }
}
