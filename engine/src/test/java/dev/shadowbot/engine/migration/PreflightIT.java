package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refusals against a real server: nothing is left behind and the message says what to do. */
@RealDatabase
class PreflightIT {

    @Test
    void aUserWithoutReplicationPrivilegesIsRefusedBeforeAnythingIsStored(TestDb db) {
        db.exec("CREATE TABLE t (id INT PRIMARY KEY)");
        String user = "sb_" + db.schema().substring(4);
        db.exec("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'pw'",
                "GRANT SELECT, INSERT, DELETE, CREATE, DROP ON `" + db.schema() + "`.* TO '" + user + "'@'127.0.0.1'",
                "GRANT ALL PRIVILEGES ON `_shadowbot`.* TO '" + user + "'@'127.0.0.1'");
        try {
            DatabaseUrl limited = DatabaseUrl.parse("mysql://" + user + ":pw@" + db.serverUrl().host() + ":"
                    + db.serverUrl().port() + "/");
            try (MigrationService service = MigrationService.connect(limited)) {
                ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.start(
                        new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of())));
                assertEquals(ErrorCode.BLOCKED, e.code());
                assertTrue(e.getMessage().contains("privileges: the database user lacks REPLICATION SLAVE ON *.*"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("ALTER ON `" + db.schema() + "`.*"), e.getMessage());
                assertTrue(e.nextStep().startsWith("GRANT REPLICATION SLAVE ON *.*"), e.nextStep());
                assertEquals(List.of(List.of("0")), db.query("SELECT COUNT(*) FROM _shadowbot.deploy_requests"
                        + " WHERE target_schema = '" + db.schema() + "'"));
            }
        } finally {
            db.exec("DROP USER '" + user + "'@'127.0.0.1'");
        }
    }

    @Test
    void aTableWithTriggersIsRefusedWithTheReasonAndKeepsThem(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"), "CREATE TABLE audit (id BIGINT NOT NULL)",
                "CREATE TRIGGER t_audit AFTER INSERT ON t FOR EACH ROW INSERT INTO audit VALUES (NEW.id)");
        var load = new dev.shadowbot.engine.testing.WriteLoad(db.serverUrl(),
                new dev.shadowbot.engine.testing.WriteLoadTable(db.schema(), "t", List.of("id")), 2, 10_000);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.start(
                    new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of())));
            assertEquals(ErrorCode.BLOCKED, e.code());
            assertTrue(e.getMessage().contains("triggers: trigger t.t_audit would stay on the retired table"), e.getMessage());
            assertTrue(e.nextStep().contains("drop the triggers"), e.nextStep());
            assertEquals(List.of(List.of("0")), db.query("SELECT COUNT(*) FROM _shadowbot.deploy_requests"
                    + " WHERE target_schema = '" + db.schema() + "'"));
            load.stop();
            assertEquals(List.of(List.of("t_audit")), db.query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
                    + " WHERE TRIGGER_SCHEMA = '" + db.schema() + "'"));
            assertEquals(List.of(), dev.shadowbot.engine.testing.WriteLoad.differences(load.model(), load.read("t"), 10));
        } finally {
            load.close();
        }
    }

    @Test
    void aChangeThatLosesTheOnlyUniqueKeyIsRefusedAndLeavesNoShadow(TestDb db) {
        db.exec("CREATE TABLE t (id INT NOT NULL, v INT, PRIMARY KEY (id))", "INSERT INTO t VALUES (1, 1), (2, 2)");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(),
                    List.of(new TableSpec("t", "DROP PRIMARY KEY, ADD INDEX ix_id (id)")), List.of())).id();
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.runUntilStaged(id, Duration.ofMinutes(1)));
            assertEquals(ErrorCode.BLOCKED, e.code());
            assertTrue(e.getMessage().contains("shared_unique_key: table t has no NOT NULL unique key"), e.getMessage());
            DeployState s = service.status(id);
            assertEquals("failed", s.state());
            assertTrue(s.error().contains("shared_unique_key"), s.error());
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "t")), "no shadow left");
        }
    }

    @Test
    void anAlterTheServerRejectsFailsTheRequestWithTheServerMessage(TestDb db) {
        db.exec("CREATE TABLE t (id INT NOT NULL PRIMARY KEY)");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN id INT")),
                    List.of())).id();
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.runUntilStaged(id, Duration.ofMinutes(1)));
            assertEquals(ErrorCode.BAD_INPUT, e.code());
            assertTrue(e.getMessage().startsWith("the change to table t fails on the server: Duplicate column name"),
                    e.getMessage());
            assertFalse(StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "t")));
        }
    }

    @Test
    void aMissingTableAndALeftoverShadowAreRefusedAtStart(TestDb db) {
        db.exec("CREATE TABLE t (id INT NOT NULL PRIMARY KEY)", "CREATE TABLE `t_shadowbot_999999_new` (id INT PRIMARY KEY)");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            ShadowbotException missing = assertThrows(ShadowbotException.class, () -> service.start(
                    new DeploySpec(db.schema(), List.of(new TableSpec("nope", "ADD COLUMN c INT")), List.of())));
            assertEquals(ErrorCode.BAD_INPUT, missing.code());
            ShadowbotException leftover = assertThrows(ShadowbotException.class, () -> service.start(
                    new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN c INT")), List.of())));
            assertEquals(ErrorCode.BLOCKED, leftover.code());
            assertTrue(leftover.getMessage().contains("leftover_shadow"), leftover.getMessage());
        }
    }
}
