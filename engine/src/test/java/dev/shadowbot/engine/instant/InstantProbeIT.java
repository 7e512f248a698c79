package dev.shadowbot.engine.instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server says, through {@link InstantProbe}: verdicts with its reasons, the request-level rules
 * (mixed requests copy everything, a dropped table copies, {@code never} copies), and that the probe
 * changes nothing in the target schema.
 */
@RealDatabase
class InstantProbeIT {
    private static final String T = "CREATE TABLE %s (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " PRIMARY KEY (id))";

    @Test
    void theServerDecidesAndTheTargetIsUntouched(TestDb db) throws Exception {
        db.exec(String.format(T, "a"), String.format(T, "b"), "INSERT INTO a VALUES (1, 'x', 1)");
        String before = db.query("SHOW CREATE TABLE a").get(0).get(1);
        try (Connection c = db.connect()) {
            InstantPlan p = InstantProbe.decide(c, db.info(), db.schema(), List.of(
                    new InstantProbe.Change("a", "ADD COLUMN `c` INT NULL")), false, InstantPolicy.AUTO);
            assertTrue(p.isInstant(), p.reason());
            TableVerdict v = p.tables().get(0);
            assertEquals("DROP COLUMN `c`", v.inverse());
            assertEquals(List.of("c"), v.lostOnRevert());
            assertEquals(List.of("revert drops column c of a: values written only to it are lost"), p.revertLosses());

            InstantPlan refused = InstantProbe.decide(c, db.info(), db.schema(), List.of(
                    new InstantProbe.Change("a", "MODIFY COLUMN `n` BIGINT NULL")), false, InstantPolicy.AUTO);
            assertFalse(refused.isInstant());
            assertTrue(refused.tables().get(0).reason().startsWith("the server cannot make this change in place: "),
                    refused.tables().get(0).reason());
            assertTrue(refused.tables().get(0).reason().toUpperCase().contains("ALGORITHM"), "the server's own words");

            InstantPlan mixed = InstantProbe.decide(c, db.info(), db.schema(), List.of(
                    new InstantProbe.Change("a", "ADD COLUMN `c` INT NULL"),
                    new InstantProbe.Change("b", "MODIFY COLUMN `n` BIGINT NULL")), false, InstantPolicy.AUTO);
            assertEquals("copy", mixed.path());
            assertTrue(mixed.tables().get(0).instant(), "a alone could be instant");
            assertTrue(mixed.reason().contains("cutover stays one atomic swap"), mixed.reason());

            InstantPlan withDrop = InstantProbe.decide(c, db.info(), db.schema(), List.of(
                    new InstantProbe.Change("a", "ADD COLUMN `c` INT NULL")), true, InstantPolicy.AUTO);
            assertEquals("copy", withDrop.path());

            InstantPlan never = InstantProbe.decide(c, db.info(), db.schema(), List.of(
                    new InstantProbe.Change("a", "ADD COLUMN `c` INT NULL")), false, InstantPolicy.NEVER);
            assertEquals("copy", never.path());
            assertEquals("instant: never", never.tables().get(0).reason());
        }
        assertEquals(before, db.query("SHOW CREATE TABLE a").get(0).get(1), "the probe never touches the target");
        assertEquals(List.of(List.of("1", "x", "1")), db.query("SELECT * FROM a"));
        assertEquals("0", db.scalar("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '\\_shadowbot\\_ws\\_%'"),
                "the scratch schema is dropped");
    }

    @Test
    void renamesAreUndoneByName(TestDb db) throws Exception {
        db.exec(String.format(T, "a"));
        try (Connection c = db.connect()) {
            InstantPlan p = InstantProbe.decide(c, db.info(), db.schema(), List.of(
                    new InstantProbe.Change("a", "RENAME COLUMN `v` TO `label`")), false, InstantPolicy.AUTO);
            assertTrue(p.isInstant(), p.reason() + " " + p.lines());
            assertEquals("RENAME COLUMN `label` TO `v`", p.tables().get(0).inverse());
            assertEquals(List.of(), p.tables().get(0).lostOnRevert(), "a rename loses nothing");

            // Hostile text: a table comment that reads like a rename is not undone as one by a revert.
            InstantPlan comment = InstantProbe.decide(c, db.info(), db.schema(), List.of(
                    new InstantProbe.Change("a", "COMMENT='RENAME COLUMN `v` TO `label`'")), false, InstantPolicy.AUTO);
            String inverse = String.valueOf(comment.tables().get(0).inverse());
            assertTrue(!inverse.contains("RENAME"), inverse);
        }
        assertEquals(List.of("id", "v", "n"), db.query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE"
                + " TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'a' ORDER BY ORDINAL_POSITION").stream()
                .map(r -> r.get(0)).toList(), "the probe never renames the target's columns");
    }

}
