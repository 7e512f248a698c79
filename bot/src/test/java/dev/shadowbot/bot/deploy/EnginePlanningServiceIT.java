package dev.shadowbot.bot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.lint.LintSettings;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pull request whose schema folder holds no CREATE TABLE is bad input, not "drop every table". */
@RealDatabase
class EnginePlanningServiceIT {
    @Test
    void aFolderWithoutTablesIsAProblemNotADropOfEveryTable(TestDb db) {
        db.exec("CREATE TABLE orders (id INT PRIMARY KEY)", "CREATE TABLE users (id INT PRIMARY KEY)");
        for (Map<String, String> files : List.of(Map.<String, String>of(), Map.of("db/app/notes.sql", "-- moved\n"))) {
            PlanningService.DatabasePlan plan = new EnginePlanningService().plan("app", db.url(), files,
                    LintSettings.DEFAULTS);
            assertFalse(plan.deployable(), plan.toString());
            assertEquals(List.of(), plan.changes(), "nothing planned, no DROP");
            assertTrue(plan.findings().stream().anyMatch(f -> f.message().contains("holds no CREATE TABLE")), plan.toString());
        }
        assertEquals(List.of(List.of("orders"), List.of("users")), db.query("SHOW TABLES"));
    }

    @Test
    void withAWorkspaceUrlTheBotPlansWithReadOnlyTargetCredentials(TestDb db) {
        db.exec("CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, v INT NULL)");
        String user = "bro_" + db.schema().substring(Math.max(0, db.schema().length() - 10));
        db.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'ro-pass'",
                "GRANT SELECT ON `" + db.schema() + "`.* TO '" + user + "'@'%'");
        try {
            dev.shadowbot.engine.db.DatabaseUrl readOnly = dev.shadowbot.engine.db.DatabaseUrl.parse("mysql://" + user
                    + ":ro-pass@" + db.url().host() + ":" + db.url().port() + "/" + db.schema());
            Map<String, String> files = Map.of("db/app/orders.sql",
                    "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, v BIGINT NULL);\n");
            PlanningService.DatabasePlan plan = PlanningServices.production(
                    Map.of("SHADOWBOT_WORKSPACE_URL", db.serverUrl().toString())).plan("app", readOnly, files,
                    LintSettings.DEFAULTS);
            assertEquals(1, plan.changes().size(), plan.toString());
            assertTrue(plan.deployable(), plan.toString());
            assertThrows(dev.shadowbot.engine.ShadowbotException.class, () -> new EnginePlanningService().plan("app",
                    readOnly, files, LintSettings.DEFAULTS), "without it, the read-only user cannot build a workspace");
        } finally {
            db.exec("DROP USER '" + user + "'@'%'");
        }
    }
}
