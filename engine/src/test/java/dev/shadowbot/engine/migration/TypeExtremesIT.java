package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TableContents;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each type's extremes travel through the change stream byte-exact, forward (written while staged,
 * compared with the shadow, then live after the cutover) and in reverse (written in the revert window,
 * compared after the revert): DATE/DATETIME/TIMESTAMP(0–6) with 1000-01-01, the Julian gap
 * 1582-10-05..14, 9999-12-31 and zero parts; TIME with negative values and ±838:59:59; FLOAT/DOUBLE
 * extremes (FLT_MAX once failed the request); DECIMAL(65,30); BIT(64); YEAR; ENUM/SET; JSON; 4-byte
 * utf8mb4; binary with NULs; generated columns. Writers run on the same table while staged.
 */
@RealDatabase
class TypeExtremesIT {
    private static final String TABLE = "CREATE TABLE x (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(64) NULL, n INT NULL,"
            + " d DATE NULL, dt0 DATETIME NULL, dt1 DATETIME(1) NULL, dt3 DATETIME(3) NULL, dt6 DATETIME(6) NULL,"
            + " ts0 TIMESTAMP NULL DEFAULT NULL, ts2 TIMESTAMP(2) NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL,"
            + " t0 TIME NULL, t1 TIME(1) NULL, t4 TIME(4) NULL, t6 TIME(6) NULL,"
            + " f FLOAT NULL, db DOUBLE NULL, de DECIMAL(65,30) NULL, b64 BIT(64) NULL, y YEAR NULL,"
            + " e ENUM('a','b','ç') NULL, s SET('x','y','z') NULL, j JSON NULL,"
            + " u VARCHAR(20) CHARACTER SET utf8mb4 NULL, vb VARBINARY(16) NULL, bn BINARY(4) NULL,"
            + " g BIGINT AS (id * 2) VIRTUAL, gs VARCHAR(30) CHARACTER SET utf8mb4 AS (CONCAT(u, '!')) STORED)";
    private static final String COLUMNS = "(id, d, dt0, dt1, dt3, dt6, ts0, ts2, ts6, t0, t1, t4, t6, f, db, de, b64, y, e, s,"
            + " j, u, vb, bn)";
    private static final String ONES = "b'" + "1".repeat(64) + "'";

    /** Rows of extremes; {@code %d} is the id. */
    private static final List<String> ROWS = List.of(
            "(%d, '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.1', '1000-01-01 00:00:00.001',"
                    + " '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01', '1970-01-01 00:00:01.01',"
                    + " '1970-01-01 00:00:01.000001', '-838:59:59', '-838:59:58.9', '-00:00:00.0001', '-12:34:56.789012',"
                    + " -3.4028234663852886e38, -1.7976931348623157e308,"
                    + " -99999999999999999999999999999999999.999999999999999999999999999999, " + ONES + ", 1901, 'a', '',"
                    + " '{\"a\": [1, 2.5, \"ß\"], \"b\": null}', '😀𝄞 ü', x'00FF0000', x'00000000')",
            "(%d, '1582-10-05', '1582-10-10 12:00:00', '1582-10-14 23:59:59.9', '1582-10-04 00:00:00.001',"
                    + " '1582-10-15 00:00:00.999999', '2038-01-19 03:14:07', '2038-01-19 03:14:07.99',"
                    + " '2038-01-19 03:14:07.999999', '838:59:59', '838:59:58.9', '00:00:00.0001', '-838:59:58.999999',"
                    + " 3.4028234663852886e38, 1.7976931348623157e308,"
                    + " 99999999999999999999999999999999999.999999999999999999999999999999, b'1" + "0".repeat(63) + "', 2155,"
                    + " 'ç', 'x,y,z', '[]', '𝄞', x'', x'00010000')",
            "(%d, '2024-02-00', '2024-02-00 10:11:12', '2024-00-00 00:00:00.5', '0000-00-00 00:00:00.000',"
                    + " '2024-02-29 23:59:59.999999', '0000-00-00 00:00:00', NULL, '2000-01-01 00:00:00', '00:00:00',"
                    + " '-00:00:00.1', '-01:00:00.5', '23:59:59.999999', 1.17549435e-38, 4.9e-324,"
                    + " 0.000000000000000000000000000001, b'0', 0, 'b', 'y', 'null', '', x'000000', x'FFFFFFFF')",
            "(%d, '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.9', '9999-12-31 23:59:59.999',"
                    + " '9999-12-31 23:59:59.999999', '1999-12-31 23:59:59', '1999-12-31 23:59:59.5',"
                    + " '1999-12-31 23:59:59.123456', '-00:00:01', '100:00:00.1', '-837:00:00.9999', '00:00:00.000001',"
                    + " -1.17549435e-38, -2.2250738585072014e-308, -0.000000000000000000000000000001, b'1', 1999, NULL,"
                    + " 'x,z', '\"a\\\\u0000b\"', 'x\\0y', x'0000', x'00')",
            "(%d, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, NULL, NULL, NULL, NULL)");
    private static final List<String> ALL = List.of("id", "v", "n", "d", "dt0", "dt1", "dt3", "dt6", "ts0", "ts2", "ts6",
            "t0", "t1", "t4", "t6", "f", "db", "de", "b64", "y", "e", "s", "j", "u", "vb", "bn", "g", "gs");

    @Test
    void everyExtremeSurvivesTheStreamForwardAndBack(TestDb db) throws Exception {
        db.exec(TABLE);
        write(db, 1_000_000); // copied rows, for contrast
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "x", List.of("id")), 2, 100_000);
        load.seed(300, 7);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("x", "ADD COLUMN `extra` INT NULL")),
                    List.of())).id();
            String shadow = service.runUntilStaged(id, Duration.ofMinutes(2)).tables().get(0).shadow();
            write(db, 2_000_000); // only the stream brings these to the shadow
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
                st.execute("UPDATE x SET t6 = '-838:59:59.000000', d = '1582-10-14', f = -f WHERE id = 2000002");
                st.execute("DELETE FROM x WHERE id = 2000005");
            }
            load.stop();
            service.awaitCaughtUp(id, Duration.ofSeconds(30));
            StagedMigrationIT.assertShadowEqualsLive(db, "x", shadow, List.of("id"));
            UniqueConflictIT.assertLiveHoldsTheModel(load, "x", 1_000_000);
            List<List<String>> staged = contents(db, "x");

            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            assertEquals(staged, contents(db, "x"), "live after the cutover = live before it, byte for byte");
            write(db, 3_000_000); // the revert window: only the reverse stream brings these to the old table
            List<List<String>> window = contents(db, "x");
            assertEquals("reverted", service.revert(id, Duration.ofMinutes(1)).state());
            assertEquals(window, contents(db, "x"), "the old table after the revert = the new one before it");
            assertEquals(List.of(List.of("1582-10-05", "838:59:59", "-838:59:58.999999", "8000000000000000", "1")),
                    db.query("SELECT d, t0, t6, HEX(b64), f = (SELECT f FROM x WHERE id = 1000002) FROM x WHERE id = 3000002"),
                    "FLT_MAX equals the copied one");
            assertEquals(List.of(List.of("2024-02-00", "2024-02-00 10:11:12", "0000-00-00 00:00:00")),
                    db.query("SELECT d, dt0, ts0 FROM x WHERE id = 3000003"));
        } finally {
            load.close();
        }
    }

    /** Inserts every row of {@link #ROWS} with ids base+1… in a session that allows zero date parts, in UTC. */
    private static void write(TestDb db, long base) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES', time_zone = '+00:00'");
            List<String> values = new ArrayList<>();
            for (int i = 0; i < ROWS.size(); i++) {
                values.add(String.format(ROWS.get(i), base + i + 1));
            }
            st.execute("INSERT INTO x " + COLUMNS + " VALUES " + String.join(", ", values));
        }
    }

    /** Every row over every column both definitions have, as bytes (hex), read in UTC. */
    private static List<List<String>> contents(TestDb db, String table) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00'");
            return TableContents.read(c, db.schema(), table, ALL, List.of("id"));
        }
    }
}
