package dev.shadowbot.engine.checksum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.copy.ChunkCopier;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import dev.shadowbot.engine.table.TableInfo;
import dev.shadowbot.engine.table.TableInspector;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checksum finds exactly the chunks that differ (across a type and charset change), and re-copying them fixes them. */
@RealDatabase
class ChecksumIT {

    @Test
    void findsDifferingChunksAndRecopyFixesThem(TestDb db) throws Exception {
        db.exec("CREATE TABLE live (id INT NOT NULL PRIMARY KEY, v VARCHAR(20) CHARACTER SET latin1, n INT, d DATETIME)");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            values.append(i == 1 ? "" : ",").append("(").append(i).append(", 'vé").append(i).append("', ")
                    .append(i % 7 == 0 ? "NULL" : String.valueOf(i * 3)).append(", '2024-01-01 10:00:00')");
        }
        db.exec("INSERT INTO live VALUES " + values, "CREATE TABLE shadow LIKE live",
                "ALTER TABLE shadow MODIFY v VARCHAR(40) CHARACTER SET utf8mb4, MODIFY n BIGINT, MODIFY d DATETIME(3),"
                        + " ADD COLUMN extra INT DEFAULT 5");
        try (Connection c = db.connect(); Connection snap = db.connect()) {
            TableInfo live = TableInspector.read(c, db.schema(), "live");
            TableInfo shadow = TableInspector.read(c, db.schema(), "shadow");
            ColumnMapping mapping = ColumnMapping.between(live, shadow);
            IndexInfo key = mapping.sharedKey().orElseThrow();
            ChunkCopier copier = new ChunkCopier(c, db.schema(), "shadow", mapping, key);
            Object[] low = null;
            while (true) {
                ChunkCopier.Chunk chunk = copier.next(low, 30);
                if (chunk.last()) {
                    break;
                }
                low = chunk.high();
            }
            TableChecksum sum = new TableChecksum(db.schema(), "shadow", mapping, key);
            assertEquals(List.of(), sum.skippedColumns());
            ChecksumResult clean = sum.run(snap, 10, () -> { });
            assertTrue(clean.matches(), "a fresh copy matches across the type changes");
            assertEquals(100, clean.rows());
            assertEquals(11, clean.chunks());

            db.exec("UPDATE shadow SET v = 'changed' WHERE id = 55", "DELETE FROM shadow WHERE id = 77",
                    "UPDATE shadow SET n = NULL WHERE id = 3");
            ChecksumResult dirty = sum.run(snap, 10, () -> { });
            assertEquals(3, dirty.mismatches().size());
            assertArrayEquals(new Object[] {"50"}, dirty.mismatches().get(1).low());
            assertArrayEquals(new Object[] {"60"}, dirty.mismatches().get(1).high());
            for (ChecksumResult.Range r : dirty.mismatches()) {
                copier.recopy(r.low(), r.high());
            }
            assertTrue(sum.run(snap, 10, () -> { }).matches());
            assertTrue(sum.chunkable());
            ChecksumResult locked = sum.runLocked(snap, db.info(), 10, pos -> { }, () -> { });
            assertTrue(locked.matches(), "the range-locked checksum agrees");
            assertEquals(100, locked.rows());
            db.exec("UPDATE shadow SET n = 999 WHERE id = 42");
            ChecksumResult lockedDirty = sum.runLocked(snap, db.info(), 10, pos -> { }, () -> { });
            assertEquals(1, lockedDirty.mismatches().size());
            assertArrayEquals(new Object[] {"40"}, lockedDirty.mismatches().get(0).low());
            copier.recopy(lockedDirty.mismatches().get(0).low(), lockedDirty.mismatches().get(0).high(), 3);
            assertEquals(db.query("SELECT id, v, n FROM live ORDER BY id"), db.query("SELECT id, v, n FROM shadow ORDER BY id"));

            // A stream slower than the drain budget (before the lock and under it) is waited out, not a failure.
            int[] calls = {0};
            ChecksumResult slow = sum.runLocked(snap, db.info(), 10, pos -> {
                int n = ++calls[0] % 5; // per range: before the lock (once), under it (once), then through
                if (n == 1 || n == 3) {
                    throw new StreamApplier.NotReached("the change stream did not reach " + pos + " (test)");
                }
            }, () -> { });
            assertTrue(slow.matches(), "compared after waiting");
            assertEquals(100, slow.rows());
            assertTrue(calls[0] > 20, "every range waited: " + calls[0]);
        }
    }
}
