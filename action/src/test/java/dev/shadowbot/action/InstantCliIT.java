package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.action.DeployCommandIT.Run;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instant path from the CLI: the default (auto) deploys an added column in place, status shows the path
 * and what a revert loses, revert keeps the rows; {@code instant: never} in the config and
 * {@code --instant never} copy; a bad value is refused at its place with nothing changed.
 */
@RealDatabase
class InstantCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void autoByDefaultStatusShowsThePathRevertKeepsRows(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')");
        Path schema = Files.createDirectories(dir.resolve("schema"));
        Files.writeString(schema.resolve("items.sql"),
                "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20), qty INT NULL);\n");
        String url = db.url().toString();
        Path noConfig = dir.resolve("none.yml");
        Files.writeString(noConfig, "databases: {}\n");
        Run plan = DeployCommandIT.cli("plan", "--schema-dir", schema.toString(), "--database", url,
                "--config", noConfig.toString());
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("path: instant (the server changes and reverts every table in place)")
                && plan.out().contains("revert drops column qty of items: values written only to it are lost"), plan.out());
        Run planJson = DeployCommandIT.cli("plan", "--schema-dir", schema.toString(), "--database", url,
                "--config", noConfig.toString(), "--format", "json");
        assertEquals("instant", JSON.readTree(planJson.out()).get("path").asText(), planJson.out());
        Run deploy = DeployCommandIT.cli("deploy", "--schema-dir", schema.toString(), "--database", url,
                "--config", noConfig.toString(), "--defer-cutover", "--exit-when-staged", "--format", "json");
        assertEquals(0, deploy.code(), deploy.err());
        JsonNode staged = JSON.readTree(deploy.out());
        assertEquals("staged", staged.get("state").asText());
        assertEquals("instant", staged.get("path").asText(), deploy.out());
        assertTrue(deploy.err().contains("path: instant"), deploy.err());
        assertEquals(List.of(), db.query("SHOW TABLES LIKE '%shadowbot%'"), "no shadow table");
        String id = staged.get("id").asText();

        Run status = DeployCommandIT.cli("status", "--id", id, "--database", url);
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("path: instant"), status.out());
        assertTrue(status.out().contains("revert drops column qty of items: values written only to it are lost"),
                status.out());

        Run cutover = DeployCommandIT.cli("cutover", "--id", id, "--database", url, "--format", "json");
        assertEquals(0, cutover.code(), cutover.err());
        assertEquals("reverse_syncing", JSON.readTree(cutover.out()).get("state").asText(), cutover.out());
        db.exec("INSERT INTO items VALUES (2, 'b', 5)");
        Run revert = DeployCommandIT.cli("revert", "--id", id, "--database", url, "--format", "json");
        assertEquals(0, revert.code(), revert.err());
        assertEquals("reverted", JSON.readTree(revert.out()).get("state").asText(), revert.out());
        assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), db.query("SELECT * FROM items ORDER BY id"),
                "old schema, every row");
    }

    @Test
    void neverFromConfigOrFlagCopiesAndBadValuesAreRefused(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')");
        Path schema = Files.createDirectories(dir.resolve("schema"));
        Files.writeString(schema.resolve("items.sql"),
                "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20), qty INT NULL);\n");
        String url = db.url().toString();
        Path config = dir.resolve("shadowbot.yml");
        Files.writeString(config, "databases: {}\ninstant: never\n");
        Run deploy = DeployCommandIT.cli("deploy", "--schema-dir", schema.toString(), "--database", url,
                "--config", config.toString(), "--defer-cutover", "--exit-when-staged", "--format", "json");
        assertEquals(0, deploy.code(), deploy.err());
        assertEquals("copy", JSON.readTree(deploy.out()).get("path").asText(), deploy.out());
        Run plan = DeployCommandIT.cli("plan", "--schema-dir", schema.toString(), "--database", url,
                "--config", config.toString());
        assertTrue(plan.out().contains("path: copy (instant: never)"), plan.out());
        assertEquals(1, JSON.readTree(deploy.out()).get("tables").get(0).get("rows_copied").asLong());
        assertEquals(0, DeployCommandIT.cli("cancel", "--id", JSON.readTree(deploy.out()).get("id").asText(),
                "--database", url).code());

        Files.writeString(config, "databases: {}\ninstant: sometimes\n");
        Run badConfig = DeployCommandIT.cli("deploy", "--schema-dir", schema.toString(), "--database", url,
                "--config", config.toString(), "--defer-cutover", "--exit-when-staged");
        assertEquals(2, badConfig.code(), badConfig.err());
        assertTrue(badConfig.err().contains(config + ":2:10") && badConfig.err().contains("instant 'sometimes'"),
                badConfig.err());
        Run badFlag = DeployCommandIT.cli("deploy", "--schema-dir", schema.toString(), "--database", url,
                "--instant", "maybe", "--defer-cutover", "--exit-when-staged");
        assertEquals(2, badFlag.code(), badFlag.err());
        assertTrue(badFlag.err().contains("--instant maybe"), badFlag.err());
        assertEquals(List.of(List.of("1", "a")), db.query("SELECT * FROM items"), "nothing changed");
        assertEquals("2", db.scalar("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'items'"));
    }
}
