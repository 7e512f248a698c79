package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.TableInfo;
import dev.shadowbot.engine.table.TableInspector;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TableContents;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With concurrent writers running, each change reaches staged and the shadow equals the live table
 * (full comparison of the shared columns) and the live table equals the writers' model.
 */
@RealDatabase
class StagedMigrationIT {

    static List<MigrationScenario> scenarios() {
        return MigrationScenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void reachesStagedWithShadowEqualToLive(MigrationScenario s, TestDb db) throws Exception {
        String table = "t_" + s.name().replace(' ', '_');
        db.exec(String.format(s.create(), "`" + table + "`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), table, s.keyColumns()),
                Math.max(1, s.writers()), 200_000);
        load.seed(s.seedRows(), 50);
        // Indexes deferred from 1,000 rows: every seeded case builds its plain indexes after the copy.
        MigrationOptions options = MigrationOptions.defaults().withChunks(Duration.ofMillis(100), 300)
                .withChecksumChunkRows(700).withCopy(CopySettings.DEFAULTS.withDeferIndexesFromRows(1000));
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options)) {
            if (s.writers() > 0) {
                load.start();
            }
            DeployState started = service.start(new DeploySpec(db.schema(), List.of(new TableSpec(table, s.alter())), List.of()));
            assertEquals("queued", started.state());
            DeployState staged = service.runUntilStaged(started.id(), Duration.ofMinutes(3));
            assertEquals("staged", staged.state());
            Thread.sleep(500); // writes while staged are applied too
            if (s.writers() > 0) {
                load.stop();
            }
            service.awaitCaughtUp(started.id(), Duration.ofSeconds(60));
            String shadow = staged.tables().get(0).shadow();
            assertShadowEqualsLive(db, table, shadow, s.keyColumns());
            assertIndexesAsPlanned(db, table, shadow, s.alter());
            Map<Long, WriteLoad.Row> model = load.model();
            assertEquals(List.of(), WriteLoad.differences(model, load.read(table), 10),
                    "live table = writers' acknowledged writes (" + load + ")");
            assertEquals(s.seedRows() == 0 && s.writers() == 0 ? 0 : model.size(), load.read(shadow).size());
            // The driver's own checkpoint writes are binlog transactions too, so a boundary can be in flight
            // at any instant: the claim is that the lag drains to nothing, not that one sample is empty.
            DeployState status = service.status(started.id());
            for (int i = 0; i < 100 && status.lagEvents() != 0L; i++) {
                Thread.sleep(50);
                status = service.status(started.id());
            }
            assertEquals(0L, status.lagEvents(), "lag drains to zero once the writers stop");

            DeployState cancelled = service.cancel(started.id(), Duration.ofSeconds(30));
            assertEquals("cancelled", cancelled.state());
            assertFalse(tableExists(db, shadow), "cancel drops the shadow");
        } finally {
            load.close();
        }
    }

    static void assertShadowEqualsLive(TestDb db, String live, String shadow, List<String> key) throws Exception {
        try (Connection c = db.connect()) {
            TableInfo l = TableInspector.read(c, db.schema(), live);
            TableInfo sh = TableInspector.read(c, db.schema(), shadow);
            List<String> common = ColumnMapping.between(l, sh).names();
            List<List<String>> liveRows = TableContents.read(c, db.schema(), live, common, key);
            List<List<String>> shadowRows = TableContents.read(c, db.schema(), shadow, common, key);
            assertEquals(liveRows.size(), shadowRows.size(), "row count");
            assertEquals(liveRows, shadowRows, "shadow = live over columns " + common);
        }
    }

    /** The shadow has exactly the indexes of {@code CREATE TABLE … LIKE live} + the ALTER clauses. */
    static void assertIndexesAsPlanned(TestDb db, String live, String shadow, String alter) {
        db.exec("DROP TABLE IF EXISTS expected_shape", "CREATE TABLE expected_shape LIKE `" + live + "`",
                "ALTER TABLE expected_shape " + alter);
        try {
            assertEquals(indexes(db, "expected_shape"), indexes(db, shadow), "indexes of " + shadow);
        } finally {
            db.exec("DROP TABLE expected_shape");
        }
    }

    static List<List<String>> indexes(TestDb db, String table) {
        return db.query("SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COALESCE(SUB_PART, ''), INDEX_TYPE"
                + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '" + db.schema() + "' AND TABLE_NAME = '"
                + table + "' ORDER BY INDEX_NAME, SEQ_IN_INDEX");
    }

    static boolean tableExists(TestDb db, String table) {
        return !db.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db.schema()
                + "' AND TABLE_NAME = '" + table + "'").isEmpty();
    }
}
