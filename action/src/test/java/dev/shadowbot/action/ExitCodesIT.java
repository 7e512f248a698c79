package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same situation gives the same exit code from every command (README "CLI exit codes"), and with
 * {@code --format json} every outcome is JSON on stdout, errors and usage errors included.
 */
@RealDatabase
class ExitCodesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every command that acts on a database, with the arguments it needs besides --database. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of("plan", "--schema-dir", "SCHEMA"), List.of("pull", "--schema-dir", "OUT"),
            List.of("deploy", "--schema-dir", "SCHEMA", "--defer-cutover"), List.of("cutover", "--id", "999999"),
            List.of("revert", "--id", "999999"), List.of("skip-revert", "--id", "999999"),
            List.of("cancel", "--id", "999999"), List.of("status", "--id", "999999"), List.of("resume", "--id", "999999"));

    private static DeployCommandIT.Run run(List<String> command, Path dir, String database, String... extra) {
        List<String> args = new ArrayList<>();
        for (String a : command) {
            args.add(a.equals("SCHEMA") ? dir.resolve("schema").toString() : a.equals("OUT") ? dir.resolve("out").toString() : a);
        }
        args.addAll(List.of("--database", database));
        args.addAll(List.of(extra));
        return DeployCommandIT.cli(args.toArray(String[]::new));
    }

    private static JsonNode error(DeployCommandIT.Run r) throws Exception {
        JsonNode n = JSON.readTree(r.out().lines().reduce((a, b) -> b).orElse(""));
        assertTrue(n.has("error"), "JSON error on stdout: " + r.out());
        return n.get("error");
    }

    @Test
    void anUnreachableDatabaseIsExitThreeFromEveryCommandAndJsonSaysSo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("schema"));
        Files.writeString(dir.resolve("schema/t.sql"), "CREATE TABLE t (id INT PRIMARY KEY);\n");
        for (List<String> c : COMMANDS) {
            DeployCommandIT.Run r = run(c, dir, "mysql://nobody@127.0.0.1:1/app", "--format", "json");
            assertEquals(3, r.code(), c + ": " + r.out() + r.err());
            JsonNode e = error(r);
            assertEquals("database", e.get("code").asText(), c.toString());
            assertEquals(3, e.get("exit").asInt());
            assertTrue(!e.get("message").asText().isEmpty() && !e.get("next").asText().isEmpty(), e.toString());
        }
    }

    @Test
    void aUsageErrorIsExitTwoFromEveryCommandAndJsonToo(@TempDir Path dir) throws Exception {
        for (List<String> c : COMMANDS) {
            DeployCommandIT.Run r = DeployCommandIT.cli(c.get(0), "--no-such-option", "--format", "json");
            assertEquals(2, r.code(), c + ": " + r.out() + r.err());
            assertEquals("bad_input", error(r).get("code").asText());
            assertTrue(r.err().contains("Usage: shadowbot " + c.get(0)), "the human message stays on stderr: " + r.err());
        }
    }

    @Test
    void anUnknownDeployRequestIsTheSameExitCodeFromEveryCommand(TestDb db, @TempDir Path dir) throws Exception {
        Integer expected = null;
        for (List<String> c : COMMANDS.subList(3, COMMANDS.size())) {
            DeployCommandIT.Run r = run(c, dir, db.url().toString(), "--format", "json");
            JsonNode e = error(r);
            expected = expected == null ? r.code() : expected;
            assertEquals(expected, r.code(), c + ": " + r.err());
            assertTrue(e.get("message").asText().contains("999999"), e.toString());
        }
        assertEquals(2, expected, "a request id that does not exist is bad input");
    }

    @Test
    void schemaFileProblemsAreListedInTheJsonError(TestDb db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.sql"), "CREATE TABLE t (id INT PRIMARY KEY);\nDROP TABLE u;\n");
        for (String command : List.of("plan", "deploy")) {
            DeployCommandIT.Run r = DeployCommandIT.cli(command, "--schema-dir", dir.toString(), "--database",
                    db.url().toString(), "--format", "json");
            assertEquals(2, r.code(), r.err());
            JsonNode p = error(r).get("problems").get(0);
            assertEquals("t.sql", p.get("file").asText(), p.toString());
            assertEquals(2, p.get("line").asInt(), p.toString());
        }
    }

    @Test
    void aBlockedDeployListsItsBlockingFindingsInTheJsonError(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, legacy INT NULL)");
        Files.writeString(dir.resolve("t.sql"), "CREATE TABLE t (id INT NOT NULL PRIMARY KEY);\n");
        DeployCommandIT.Run r = DeployCommandIT.cli("deploy", "--schema-dir", dir.toString(), "--database",
                db.url().toString(), "--format", "json");
        assertEquals(1, r.code(), r.err());
        JsonNode f = error(r).get("findings").get(0);
        assertEquals("drop-column", f.get("code").asText(), f.toString());
        assertEquals("t.sql", f.get("file").asText());
    }

    @Test
    void everyDurationOptionTakesTheOneSyntax(TestDb db, @TempDir Path dir) {
        for (String wait : List.of("1m", "90s", "PT1M")) {
            DeployCommandIT.Run r = DeployCommandIT.cli("cancel", "--id", "999999", "--wait", wait, "--database",
                    db.url().toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("999999") && !r.err().contains("DateTimeParseException"), r.err());
        }
        DeployCommandIT.Run bad = DeployCommandIT.cli("cutover", "--wait", "soon", "--database", db.url().toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'soon' is not a duration"), bad.err());
    }
}
