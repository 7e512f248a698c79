package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadowbot pull} in-process against the fixture's server, then {@code plan} on what it wrote. */
@RealDatabase
class PullCommandIT {

    @Test
    void pullThenPlanFindsNoChangesAndAPullAfterAnOutOfBandAlterToo(TestDb db, @TempDir Path dir) throws Exception {
        db.exec("CREATE TABLE teams (id int NOT NULL PRIMARY KEY, name varchar(50) NOT NULL, UNIQUE u (name))",
                "CREATE TABLE members (id int NOT NULL PRIMARY KEY, team_id int NOT NULL,"
                        + " CONSTRAINT fk_team FOREIGN KEY (team_id) REFERENCES teams (id))",
                "INSERT INTO teams VALUES (1, 'a')");
        Path schema = dir.resolve("db/app");
        PlanCommandIT.Run pulled = PlanCommandIT.run("pull", "--schema-dir", schema.toString(), "--database",
                db.url().toString());
        assertEquals(0, pulled.exit(), pulled.err());
        assertTrue(pulled.out().startsWith("Pulled 2 tables of database `" + db.schema() + "` into " + schema
                + ": 2 written, 0 removed, 0 unchanged"), pulled.out());
        assertTrue(Files.readString(schema.resolve("teams.sql")).startsWith("CREATE TABLE `teams` ("));
        assertNoChanges(db, schema);

        db.exec("ALTER TABLE members ADD COLUMN role varchar(20) NOT NULL DEFAULT 'member'");
        PlanCommandIT.Run again = PlanCommandIT.run("pull", "--schema-dir", schema.toString(), "--database",
                db.url().toString(), "--format", "json");
        assertEquals(0, again.exit(), again.err());
        JsonNode j = new ObjectMapper().readTree(again.out());
        assertEquals(db.schema(), j.get("database").asText());
        assertEquals(2, j.get("tables").asInt());
        assertEquals("members.sql", j.get("written").get(0).asText());
        assertEquals("teams.sql", j.get("unchanged").get(0).asText());
        assertEquals(0, j.get("removed").size());
        assertTrue(Files.readString(schema.resolve("members.sql")).contains("`role` varchar(20)"));
        assertNoChanges(db, schema);
    }

    private static void assertNoChanges(TestDb db, Path schema) {
        PlanCommandIT.Run plan = PlanCommandIT.run("plan", "--schema-dir", schema.toString(), "--database",
                db.url().toString());
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().startsWith("No changes: database `" + db.schema() + "` already matches the schema folder."),
                plan.out());
    }

    @Test
    void withoutADatabaseOrIntoAFileItRefusesWithExit2AndWritesNothing(TestDb db, @TempDir Path dir) throws Exception {
        PlanCommandIT.Run none = PlanCommandIT.run("pull", "--schema-dir", dir.resolve("x").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("pull needs the database"), none.err());
        assertFalse(Files.exists(dir.resolve("x")));

        Path file = Files.writeString(dir.resolve("schema.sql"), "-- not a folder\n");
        PlanCommandIT.Run intoFile = PlanCommandIT.run("pull", "--schema-dir", file.toString(), "--database",
                db.url().toString());
        assertEquals(2, intoFile.exit());
        assertTrue(intoFile.err().contains("is a file, not a folder"), intoFile.err());
        assertEquals("-- not a folder\n", Files.readString(file));

        PlanCommandIT.Run missing = PlanCommandIT.run("pull", "--schema-dir", dir.resolve("y").toString(), "--database",
                db.url().withDatabase(db.schema() + "_nope").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("does not exist on the server"), missing.err());
    }

    @Test
    void theServersRefusalsArePrintedAtTheirFileLineAndColumn(TestDb db, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.sql"), "CREATE TABLE a (id int PRIMARY KEY);\n\nCREATE TABLE b (id int, id int);\n");
        Files.writeString(dir.resolve("c.sql"), "CREATE TABLE c (\n  id int NOT NULL,,\n  PRIMARY KEY (id));\n");
        PlanCommandIT.Run r = PlanCommandIT.run("plan", "--schema-dir", dir.toString(), "--database", db.url().toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("a.sql:3:1: the server rejected CREATE TABLE `b`: Duplicate column name 'id'"), r.err());
        // The column is where the server's quote of the statement starts (MariaDB and MySQL differ by a token).
        assertTrue(r.err().contains("c.sql:2:"), r.err());
        assertTrue(r.err().contains(": the server rejected CREATE TABLE `c`: "), r.err());
        assertTrue(r.err().contains("2 problems in the schema files"), r.err());
    }
}
