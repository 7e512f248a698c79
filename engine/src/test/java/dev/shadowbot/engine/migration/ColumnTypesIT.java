package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every column type travels through the binlog stream intact: rows written only after the copy (so
 * they reach the shadow solely through apply) must equal the live rows byte for byte.
 */
@RealDatabase
class ColumnTypesIT {
    private static final String TABLE = "CREATE TABLE types ("
            + " id INT NOT NULL PRIMARY KEY,"
            + " ti TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT UNSIGNED, i INT UNSIGNED, bi BIGINT UNSIGNED, sbi BIGINT,"
            + " dec1 DECIMAL(20,6), f FLOAT, d DOUBLE, bt BIT(10), y YEAR,"
            + " dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP(3) NULL, dd DATE, tm TIME(2),"
            + " c CHAR(5), vc VARCHAR(50) CHARACTER SET latin1, u VARCHAR(50) CHARACTER SET utf8mb4,"
            + " tx TEXT CHARACTER SET utf8mb4, bin BINARY(4), vb VARBINARY(20), bl BLOB,"
            + " e ENUM('small','medium','large'), st SET('a','b','c','d'), js JSON)";

    private static final List<String> ROWS = List.of(
            "(1, 255, -32768, 16777215, 4294967295, 18446744073709551615, -9223372036854775808, -12345678901234.123456,"
                    + " 1.5, 3.141592653589793, b'1010101010', 2155, '2024-02-29 23:59:59', '1999-12-31 23:59:59.999999',"
                    + " '2038-01-19 03:14:07.123', '0001-01-01', '838:59:58.99', 'ab', 'café', '😀 ünï', 'long text ✓',"
                    + " x'00010200', x'FF00FF', x'DEADBEEF00', 'large', 'a,d', '{\"k\": [1, 2.5, \"x\", null, true]}')",
            "(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'0', 1901, '1000-01-01 00:00:00', '2020-01-01 00:00:00.000001',"
                    + " '1970-01-01 05:30:01.000', '9999-12-31', '00:00:00', '', '', '', '', x'', x'', x'', 'small', '', '[]')",
            "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");

    @Test
    void everyTypeSurvivesTheStream(TestDb db) throws Exception {
        db.exec(TABLE);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("types", "ADD COLUMN extra INT NULL")),
                    List.of())).id();
            String shadow = service.runUntilStaged(id, Duration.ofMinutes(2)).tables().get(0).shadow();
            // Written after staged: only the change stream can bring these rows to the shadow.
            db.exec("SET SESSION time_zone = '+05:30'", "INSERT INTO types VALUES " + String.join(", ", ROWS));
            db.exec("UPDATE types SET u = 'ȳ changed', e = 'medium', st = 'b,c', dt6 = '2021-06-01 12:00:00.5' WHERE id = 1",
                    "INSERT INTO types (id, vc) VALUES (4, 'to delete')", "DELETE FROM types WHERE id = 4",
                    "UPDATE types SET id = 20 WHERE id = 2");
            service.awaitCaughtUp(id, Duration.ofSeconds(30));
            StagedMigrationIT.assertShadowEqualsLive(db, "types", shadow, List.of("id"));
            assertEquals(List.of(List.of("1"), List.of("3"), List.of("20")),
                    db.query("SELECT id FROM `" + shadow + "` ORDER BY id"));
            service.cancel(id, Duration.ofSeconds(30));
        }
    }
}
