package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.cutover.AutoIncrements;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The AUTO_INCREMENT counter survives the swap both ways: ids handed out and deleted before the deploy
 * (the copy never saw them, so the shadow's own counter is lower) are not handed out again after the
 * cutover, nor (ids used up by a rolled-back insert in the window) after the revert. Writers run on the
 * table throughout, below the counter's range.
 */
@RealDatabase
class AutoIncrementIT {
    private static final long KEYS = 100_000;

    private static long counter(TestDb db, String table) throws Exception {
        try (var c = db.connect()) {
            return AutoIncrements.counter(c, db.schema(), table).orElseThrow();
        }
    }

    @Test
    void theCounterIsCarriedAtTheCutoverAndAtTheRevert(TestDb db) throws Exception {
        db.exec("CREATE TABLE a (id BIGINT NOT NULL AUTO_INCREMENT, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))"
                        + " AUTO_INCREMENT = 1000001",
                "INSERT INTO a (v) VALUES ('1'), ('2'), ('3'), ('4'), ('5'), ('6'), ('7'), ('8'), ('9'), ('10')",
                "DELETE FROM a WHERE id IN (1000009, 1000010)");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "a", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("a", "ADD COLUMN `c` INT NULL")),
                    List.of())).id();
            String shadow = service.runUntilStaged(id, Duration.ofMinutes(2)).tables().get(0).shadow();
            long live = counter(db, "a");
            assertTrue(counter(db, shadow) < live, "the premise: the shadow's own counter is lower ("
                    + counter(db, shadow) + " < " + live + ")");
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            db.exec("INSERT INTO a (v) VALUES ('after cutover')");
            assertEquals(String.valueOf(live), db.scalar("SELECT id FROM a WHERE v = 'after cutover'"),
                    "not a deleted id again");
            // A rolled-back insert uses up an id that never reaches the binlog, so the old table never sees it.
            try (var c = db.connect(); var st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("INSERT INTO a (v) VALUES ('rolled back')");
                c.rollback();
            }
            long window = counter(db, "a");
            assertTrue(counter(db, ShadowNames.retired(id, "a").orElseThrow()) < window, "the premise, in reverse");
            assertEquals("reverted", service.revert(id, Duration.ofMinutes(1)).state());
            db.exec("INSERT INTO a (v) VALUES ('after revert')");
            assertEquals(String.valueOf(window), db.scalar("SELECT id FROM a WHERE v = 'after revert'"));
            load.stop();
            UniqueConflictIT.assertLiveHoldsTheModel(load, "a", KEYS);
        } finally {
            load.close();
        }
    }
}
