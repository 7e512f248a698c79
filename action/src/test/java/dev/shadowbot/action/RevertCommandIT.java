package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadowbot revert --format json} reports what bench reads: the revert's duration
 * ({@code revert_ms}) and its write stall ({@code revert_lock_ms}), beside the cutover's stall.
 */
@RealDatabase
@Timeout(180)
class RevertCommandIT {

    @Test
    void revertJsonReportsItsDurationAndWriteStall(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')");
        Files.writeString(dir.resolve("items.sql"),
                "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(20), qty INT NOT NULL DEFAULT 0);\n");
        String url = db.url().toString();
        Map<String, String> env = Map.of();
        ServerlessFlowIT.Run deploy = ServerlessFlowIT.run(env, "deploy", "--schema-dir", dir.toString(), "--database",
                url, "--defer-cutover", "--exit-when-staged");
        assertEquals(0, deploy.exit(), deploy.err());
        ServerlessFlowIT.Run cutover = ServerlessFlowIT.run(env, "cutover", "--database", url);
        assertEquals(0, cutover.exit(), cutover.err());
        db.exec("INSERT INTO items (id, name, qty) VALUES (2, 'b', 5)");

        ServerlessFlowIT.Run revert = ServerlessFlowIT.run(env, "revert", "--database", url, "--format", "json");
        assertEquals(0, revert.exit(), revert.err());
        JsonNode json = new ObjectMapper().readTree(revert.out());
        assertEquals("reverted", json.get("state").asText(), revert.out());
        assertTrue(json.get("revert_ms").isNumber() && json.get("revert_ms").asLong() >= 0, revert.out());
        assertTrue(json.get("revert_lock_ms").isNumber(), "the revert's write stall: " + revert.out());
        assertTrue(json.get("revert_lock_ms").asLong() <= json.get("revert_ms").asLong(), revert.out());
        assertTrue(json.get("cutover_lock_ms").isNumber(), revert.out());
        assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), db.query("SELECT id, name FROM items ORDER BY id"),
                "old schema live with the window's row");
    }
}
