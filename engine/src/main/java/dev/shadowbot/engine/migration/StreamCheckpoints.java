package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.store.SidecarStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A deploy request's stream checkpoint in the sidecar store: stored on the store's connection, or,
 * during a drain, inside the shadow transaction it covers (the store lives on the same server).
 */
record StreamCheckpoints(SidecarStore store, long id) implements StreamApplier.CheckpointSink {
    @Override
    public void applied(BinlogPosition position) {
        store.setStreamCheckpoint(id, position);
    }

    @Override
    public boolean appliedIn(Connection conn, BinlogPosition position) throws SQLException {
        return store.setStreamCheckpointIn(conn, id, position);
    }
}
