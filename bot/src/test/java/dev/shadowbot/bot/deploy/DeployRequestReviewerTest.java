package dev.shadowbot.bot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeployRequestReviewerTest {
    @Test
    void findsTheLineOfADatabaseUnderDatabases() {
        String yml = """
                # shadowbot
                lint:
                  app: off
                databases:
                  app:
                    schema_dir: db/app
                  "billing":
                    schema_dir: db/billing
                approvals:
                  required: 1
                """;
        assertEquals(5, DeployRequestReviewer.lineOf(yml, "app"), "not the lint key of the same name");
        assertEquals(7, DeployRequestReviewer.lineOf(yml, "billing"));
        assertEquals(1, DeployRequestReviewer.lineOf(yml, "missing"));
    }
}
