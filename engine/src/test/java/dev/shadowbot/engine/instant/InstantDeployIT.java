package dev.shadowbot.engine.instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TableContents;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deploy → writes → cutover → writes → revert under concurrent writers, for each kind of change, on the
 * fixture's server: the server decides the path (the expected one is what MariaDB 10.11/11.4 and MySQL 8.0
 * all decide), afterwards the old table is back exactly, it holds every acknowledged write, a column the
 * change did not touch kept its values (on the instant path the rows never moved), and no client saw an
 * error.
 */
@RealDatabase
class InstantDeployIT {
    static final String TABLE = "CREATE TABLE `orders` (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " extra INT NOT NULL DEFAULT 1, kind ENUM('a','b') NOT NULL DEFAULT 'a', PRIMARY KEY (id))";
    private static final long KEYS = 100_000;

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("add column at the end", "ADD COLUMN `c` INT NULL", "instant"),
                Arguments.of("add column in the middle", "ADD COLUMN `c` VARCHAR(20) NULL AFTER `id`", "instant"),
                Arguments.of("rename column", "RENAME COLUMN `extra` TO `bonus`", "instant"),
                Arguments.of("change default", "ALTER COLUMN `extra` SET DEFAULT 5", "instant"),
                // Instant forward on every server, but its revert (narrowing the ENUM) is not: copied.
                Arguments.of("extend enum", "MODIFY COLUMN `kind` ENUM('a','b','c') NOT NULL DEFAULT 'a'", "copy"),
                // Instant on every server, but the dropped values would not come back on revert: copied.
                Arguments.of("drop column", "DROP COLUMN `extra`", "copy"),
                // The server refuses INT -> BIGINT in place: copied.
                Arguments.of("refused in place", "MODIFY COLUMN `n` BIGINT NULL", "copy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void deployWritesRevertKeepsEveryAcknowledgedWrite(String name, String change, String path, TestDb db)
            throws Exception {
        db.exec(TABLE);
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "orders", List.of("id")), 3, KEYS);
        load.seed(1500, 50);
        // Rows outside the writers' keys, with values only they have.
        db.exec("INSERT INTO orders (id, v, n, extra, kind) VALUES (1000000, 'kept', 1, 42, 'b'), (1000001, 'kept', 2, 43, 'a')");
        String before = showCreate(db);
        List<List<String>> untouched = untouched(db, change);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            DeploySpec spec = new DeploySpec(db.schema(), List.of(new TableSpec("orders", change)), List.of())
                    .withInstant(InstantPolicy.AUTO);
            long id = service.start(spec).id();
            DeployState staged = service.runUntilStaged(id, Duration.ofMinutes(2));
            assertEquals("staged", staged.state());
            assertEquals(path, staged.path(), String.join("\n", staged.pathNotes()));
            if (path.equals("instant")) {
                assertEquals(0, staged.tables().get(0).rowsCopied(), "nothing copied");
                assertEquals(before, showCreate(db), "nothing changes before the cutover");
            }
            long refused = load.refused();
            Thread.sleep(300);
            DeployState window = service.cutover(id, Duration.ofMinutes(1));
            assertEquals("reverse_syncing", window.state(), String.valueOf(window.error()));
            assertNotEquals(before, showCreate(db), "new definition live");
            Thread.sleep(800); // writes during the window
            DeployState reverted = service.revert(id, Duration.ofMinutes(1));
            assertEquals("reverted", reverted.state(), String.valueOf(reverted.error()));
            service.awaitDriverEnd(id, Duration.ofMinutes(2));
            Thread.sleep(200);
            load.stop();
            assertEquals(refused, load.refused(), "no client errors at cutover and revert");
            assertEquals(before, showCreate(db), "old definition back exactly");
            var rows = load.read("orders");
            rows.keySet().removeIf(k -> k >= KEYS); // the rows outside the writers' keys are checked below
            assertEquals(List.of(), WriteLoad.differences(load.model(), rows, 10), load.toString());
            assertEquals(untouched, untouched(db, change), "values the writers never touch are kept");
            if (path.equals("instant")) {
                assertNotEquals(null, reverted.revertLockMillis());
                assertTrue(reverted.revertLockMillis() < 1000, "revert lock " + reverted.revertLockMillis() + " ms");
            }
        } finally {
            load.close();
        }
    }

    /** The rows the writers cannot reach (keys above theirs), in the columns both definitions have. */
    private static List<List<String>> untouched(TestDb db, String change) throws Exception {
        try (Connection c = db.connect()) {
            List<String> cols = change.contains("`extra`") ? List.of("id", "v", "n", "kind") : List.of("id", "v", "n", "extra");
            List<List<String>> rows = TableContents.read(c, db.schema(), "orders", cols, List.of("id"));
            return rows.subList(rows.size() - 2, rows.size());
        }
    }

    static String showCreate(TestDb db) {
        return showCreate(db, "orders");
    }

    static String showCreate(TestDb db, String table) {
        return db.query("SHOW CREATE TABLE " + dev.shadowbot.engine.db.Identifiers.quote(table)).get(0).get(1)
                .replaceAll(" AUTO_INCREMENT=\\d+", "");
    }
}
