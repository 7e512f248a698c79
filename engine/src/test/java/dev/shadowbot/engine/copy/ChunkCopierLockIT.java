package dev.shadowbot.engine.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import dev.shadowbot.engine.table.TableInspector;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A row a client keeps locked: the copy does not wait for it. It copies what is free before it in
 * ever smaller chunks, then gives up with an error naming the range after the configured number of
 * attempts; once the client commits, the copy continues and completes.
 */
@RealDatabase
class ChunkCopierLockIT {

    @Test
    void aLockedRowShrinksTheChunkThenStopsTheCopyWithoutWaiting(TestDb db) throws Exception {
        db.exec("CREATE TABLE live (id INT NOT NULL PRIMARY KEY, v VARCHAR(20))");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            values.append(i == 1 ? "" : ",").append("(").append(i).append(", 'v").append(i).append("')");
        }
        db.exec("INSERT INTO live VALUES " + values, "CREATE TABLE shadow LIKE live");
        try (Connection c = db.connect(); Connection client = db.connect()) {
            var mapping = ColumnMapping.between(TableInspector.read(c, db.schema(), "live"),
                    TableInspector.read(c, db.schema(), "shadow"));
            IndexInfo key = mapping.sharedKey().orElseThrow();
            ChunkCopier copier = new ChunkCopier(c, db.schema(), "shadow", mapping, key).maxLockAttempts(30);
            client.setAutoCommit(false);
            try (Statement st = client.createStatement()) {
                st.execute("UPDATE live SET v = 'held' WHERE id = 50");
            }
            long before = ChunkCopier.lockRetries();
            Object[] low = null;
            ShadowbotException stuck = null;
            while (stuck == null) {
                try {
                    ChunkCopier.Chunk chunk = copier.next(low, 100);
                    assertTrue(!chunk.last(), "the copy cannot get past the locked row");
                    low = chunk.high();
                } catch (ShadowbotException e) {
                    stuck = e;
                }
            }
            assertTrue(stuck.getMessage().contains("locked by other transactions"), stuck.getMessage());
            assertTrue(ChunkCopier.lockRetries() - before >= 30, "it retried instead of waiting");
            // Every free row before the locked one, except perhaps the one just before it: to find the
            // end of a range InnoDB reads the next row, and MariaDB asks for its lock too.
            long copied = Long.parseLong(db.scalar("SELECT COUNT(*) FROM shadow"));
            assertTrue(copied == 48 || copied == 49, copied + " rows copied");
            assertEquals(String.valueOf(copied), String.valueOf(low[0]));
            assertEquals("0", db.scalar("SELECT COUNT(*) FROM shadow WHERE id >= 50"));

            client.commit();
            while (true) {
                ChunkCopier.Chunk chunk = copier.next(low, 100);
                if (chunk.last()) {
                    break;
                }
                low = chunk.high();
            }
            assertEquals(db.query("SELECT id, v FROM live ORDER BY id"), db.query("SELECT id, v FROM shadow ORDER BY id"));
        }
    }
}
