package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --workspace-url}: with read-only production credentials, the workspace schema is built on
 * another account (here: another user of the same server), and nothing is created on the target.
 */
@RealDatabase
class WorkspaceUrlIT {
    @Test
    void planWithReadOnlyCredentialsUsesTheWorkspaceUrl(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, v INT NULL)");
        Files.writeString(dir.resolve("orders.sql"), "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, v BIGINT NULL);\n");
        String user = "ro_" + db.schema().substring(Math.max(0, db.schema().length() - 10));
        db.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'ro-pass'",
                "GRANT SELECT ON `" + db.schema() + "`.* TO '" + user + "'@'%'");
        try {
            String readOnly = "mysql://" + user + ":ro-pass@" + db.url().host() + ":" + db.url().port() + "/" + db.schema();
            DeployCommandIT.Run refused = DeployCommandIT.cli("plan", "--schema-dir", dir.toString(), "--database", readOnly);
            assertEquals(3, refused.code(), "without a workspace the read-only user cannot plan: " + refused.err());
            assertTrue(refused.err().contains("_shadowbot_ws_"), refused.err());

            DeployCommandIT.Run plan = DeployCommandIT.cli("plan", "--schema-dir", dir.toString(), "--database", readOnly,
                    "--workspace-url", db.serverUrl().toString(), "--format", "json");
            assertEquals(0, plan.code(), plan.out() + plan.err());
            assertTrue(plan.out().contains("MODIFY COLUMN `v` bigint"), plan.out());
            assertTrue(!plan.out().contains("ro-pass") && !plan.err().contains("ro-pass"), "no password in the output");
        } finally {
            db.exec("DROP USER '" + user + "'@'%'");
        }
    }
}
