package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.copy.ChunkCopier;
import dev.shadowbot.engine.copy.ChunkSizer;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.table.KeyCodec;
import dev.shadowbot.engine.throttle.Throttler;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every table in keyset chunks, applying the stream's changes after each chunk and storing
 * a checkpoint (high-water key + rows) so a resumed driver continues after the last stored chunk.
 */
final class CopyPhase {
    private static final Logger LOG = LoggerFactory.getLogger(CopyPhase.class);

    private CopyPhase() {
    }

    static void run(DriverEnv env, java.util.List<TableContext> tables, StreamApplier applier)
            throws SQLException, InterruptedException {
        Connection c = env.open();
        try {
            ChunkSizer sizer = new ChunkSizer(env.options().chunkTarget(), env.options().initialChunkRows(), 50, 100_000);
            Throttler throttler = new Throttler(env.options().threadsRunningLimit(), Duration.ofSeconds(30));
            for (TableContext t : tables) {
                MigrationRecord m = env.store().migrations(env.id()).stream()
                        .filter(r -> r.id() == t.migration().id()).findFirst().orElseThrow();
                if (m.copyDone()) {
                    continue;
                }
                ChunkCopier copier = new ChunkCopier(c, env.info(), env.schema(), t.shadowName(), t.mapping(), t.key())
                        .betweenRetries(env::beat);
                Object[] low = m.highWater() == null ? null : KeyCodec.decode(m.highWater());
                long rows = m.rowsCopied();
                long retries = 0;
                LOG.info("event=copy_started {} table={} from={}", env.tag(), t.table(),
                        low == null ? "start" : m.highWater());
                while (true) {
                    env.beat();
                    throttler.await(c);
                    int size = sizer.size();
                    ChunkCopier.Chunk chunk = copier.next(low, size);
                    sizer.record(chunk.read(), chunk.nanos());
                    // Rows read: a full chunk holds exactly its size in live rows; the last one what it inserted.
                    rows += chunk.read();
                    retries += chunk.retries();
                    applier.pump(0);
                    env.store().setCopyCheckpoint(m.id(), rows, chunk.high() == null ? null : KeyCodec.encode(chunk.high()),
                            chunk.last(), applier.applied());
                    LOG.debug("event=chunk_copied {} table={} rows={} chunk_ms={} next_size={}", env.tag(), t.table(),
                            rows, chunk.nanos() / 1_000_000, sizer.size());
                    if (chunk.last()) {
                        break;
                    }
                    low = chunk.high();
                }
                LOG.info("event=copy_done {} table={} rows={} throttled_ms={} lock_retries={}", env.tag(), t.table(), rows,
                        throttler.throttled().toMillis(), retries);
            }
        } finally {
            env.close(c);
        }
    }
}
