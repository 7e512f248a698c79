package dev.shadowbot.engine.instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.config.ConfigException;
import dev.shadowbot.engine.config.ConfigLoader;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.TableSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy's spellings, its config key and default, and the decision's round trip through the stored spec. */
class InstantPolicyTest {
    @Test
    void spellings() {
        assertEquals(Optional.of(InstantPolicy.AUTO), InstantPolicy.parse(" Auto "));
        assertEquals(Optional.of(InstantPolicy.NEVER), InstantPolicy.parse("never"));
        assertEquals(Optional.empty(), InstantPolicy.parse("always"));
        assertEquals(Optional.empty(), InstantPolicy.parse(null));
    }

    @Test
    void configDefaultsToAutoAndRefusesOtherValuesAtTheirPlace() {
        assertEquals(InstantPolicy.AUTO, ConfigLoader.parse("x.yml", "databases: {}\n").instant());
        assertEquals(InstantPolicy.NEVER, ConfigLoader.parse("x.yml", "instant: never\n").instant());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("x.yml", "\ninstant: fast\n"));
        assertTrue(e.getMessage().contains("x.yml:2:10") && e.getMessage().contains("auto"), e.getMessage());
    }

    @Test
    void aStoredSpecKeepsItsDecisionAndOldSpecsStayOnTheCopyPath() {
        TableVerdict v = new TableVerdict("t", true, "ok", "ADD COLUMN `c` INT NULL", "DROP COLUMN `c`",
                List.of("`id` int(11) NOT NULL"), List.of("`id` int(11) NOT NULL", "`c` int(11) DEFAULT NULL"), List.of("c"));
        DeploySpec spec = new DeploySpec("app", List.of(new TableSpec("t", "ADD COLUMN `c` INT NULL")), List.of())
                .withInstant(InstantPolicy.AUTO)
                .withInstantPlan(new InstantPlan("auto", InstantPlan.INSTANT, "every table in place", List.of(v)));
        DeploySpec back = DeploySpec.fromJson(spec.toJson());
        assertEquals(spec, back);
        assertTrue(back.takesInstantPath());

        String before = "{\"schema\":\"app\",\"alters\":[{\"table\":\"t\",\"alterClauses\":\"ADD COLUMN c INT\"}],"
                + "\"directDdl\":[],\"drops\":[]}";
        DeploySpec old = DeploySpec.fromJson(before);
        assertFalse(old.takesInstantPath(), "requests stored before the instant path keep copying");
        assertEquals(InstantPolicy.NEVER, old.instantPolicy());
    }

    @Test
    void aBadPolicyInASpecIsRefused() {
        DeploySpec bad = new DeploySpec("app", List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of(), List.of(),
                "sometimes", null);
        ShadowbotException e = assertThrows(ShadowbotException.class, bad::validate);
        assertTrue(e.getMessage().contains("sometimes"), e.getMessage());
    }

    @Test
    void renamesAreReadFromTheStatementNotFromItsStrings() {
        assertEquals(java.util.Map.of("a b", "c"), InstantProbe.renames("RENAME COLUMN `a b` TO c"));
        assertEquals(java.util.Map.of("x", "y"), InstantProbe.renames("CHANGE COLUMN `x` `y` INT NULL"));
        assertEquals(java.util.Map.of(), InstantProbe.renames("CHANGE `x` `x` BIGINT NULL"));
        assertEquals(java.util.Map.of(), InstantProbe.renames("COMMENT='RENAME COLUMN `v` TO `w`'"),
                "a comment that reads like a rename is not one");
        assertEquals(java.util.Map.of(), InstantProbe.renames("MODIFY `v` VARCHAR(9) COMMENT 'change `v` `w`'"));
    }
}
