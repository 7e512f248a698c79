package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.Plan;
import dev.shadowbot.engine.schema.TableChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployPlansTest {
    @Test
    void altersGoThroughShadowsAndCreatesRunDirectly() {
        Plan plan = new Plan("app", List.of(
                new TableChange("orders", ChangeKind.ALTER, List.of("ALTER TABLE `orders` ADD COLUMN `c` int"),
                        "ADD COLUMN `c` int", "", "orders.sql", 1),
                new TableChange("users", ChangeKind.CREATE, List.of("CREATE TABLE `users` (`id` int PRIMARY KEY)"),
                        "", "", "users.sql", 1)), List.of());
        DeploySpec spec = DeployPlans.toSpec(plan);
        assertEquals(new DeploySpec("app", List.of(new TableSpec("orders", "ADD COLUMN `c` int")),
                List.of("CREATE TABLE `users` (`id` int PRIMARY KEY)")), spec);
    }

    @Test
    void dropsBecomeQuarantinedDrops() {
        Plan plan = new Plan("app", List.of(new TableChange("old", ChangeKind.DROP, List.of("DROP TABLE `old`"), "", "",
                null, 0)), List.of());
        assertEquals(new DeploySpec("app", List.of(), List.of(), List.of("old")), DeployPlans.toSpec(plan));
    }

    @Test
    void aSpecWithDropsSurvivesItsJsonAndOldJsonWithoutDropsStillReads() {
        DeploySpec spec = new DeploySpec("app", List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of(), List.of("old"));
        assertEquals(spec, DeploySpec.fromJson(spec.toJson()));
        assertEquals(List.of(), DeploySpec.fromJson("{\"schema\":\"app\",\"alters\":[],\"directDdl\":[]}").drops());
    }

    @Test
    void aTableBothAlteredAndDroppedIsRefused() {
        DeploySpec spec = new DeploySpec("app", List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of(), List.of("t"));
        ShadowbotException e = assertThrows(ShadowbotException.class, spec::validate);
        assertEquals(ErrorCode.BAD_INPUT, e.code());
    }
}
