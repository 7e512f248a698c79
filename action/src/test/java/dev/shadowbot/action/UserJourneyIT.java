package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changes teams make every week, as a new user runs them: through the CLI's own entry point
 * ({@link Main#run}), writers running on every table that stays, and each journey ends in the state and
 * exit code docs/deploy.md documents, with every acknowledged write in the live table. The assertions are
 * on the end state and the rows, not on how the engine got there (copy or in-place ALTER).
 */
@RealDatabase
class UserJourneyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 1_500;
    /** The write load's table shape: key, text v, nullable int n. */
    static final String ORDERS = "CREATE TABLE orders (id INT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))";
    static final String ITEMS = "CREATE TABLE items (id INT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, PRIMARY KEY (id))";

    /** Writers on the given tables while {@code body} runs; then every acknowledged write must be in the table. */
    static DeployCommandIT.Run withWriters(TestDb db, List<String> tables, Journey body) throws Exception {
        return withWriters(db, tables, ROWS, body);
    }

    static DeployCommandIT.Run withWriters(TestDb db, List<String> tables, int rows, Journey body) throws Exception {
        List<WriteLoad> loads = new ArrayList<>();
        try {
            long base = 0;
            for (String t : tables) {
                WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), t, List.of("id")), 2,
                        base, rows * 4L);
                load.seed(rows, 3);
                loads.add(load);
            }
            loads.forEach(WriteLoad::start);
            Thread.sleep(200);
            DeployCommandIT.Run run = body.run();
            Thread.sleep(200); // writes after the cutover land in the new tables too
            for (WriteLoad l : loads) {
                l.stop();
            }
            for (int i = 0; i < tables.size(); i++) {
                WriteLoad l = loads.get(i);
                assertTrue(l.acknowledged() > 0, "writers ran: " + l);
                assertEquals(List.of(), WriteLoad.differences(l.model(), l.read(tables.get(i)), 10),
                        "every acknowledged write is in " + tables.get(i) + " (" + l + ")");
            }
            return run;
        } finally {
            loads.forEach(WriteLoad::close);
        }
    }

    @FunctionalInterface
    interface Journey {
        DeployCommandIT.Run run() throws Exception;
    }

    static Path folder(Path dir, Map<String, String> files) throws Exception {
        Path d = Files.createDirectories(dir.resolve("schema"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(d.resolve(f.getKey() + ".sql"), f.getValue() + ";\n");
        }
        return d;
    }

    static DeployCommandIT.Run deploy(TestDb db, Path schema, String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "--schema-dir", schema.toString(), "--database",
                db.url().toString(), "--revert-window", "0", "--lease-seconds", "3", "--format", "json"));
        args.addAll(List.of(extra));
        return DeployCommandIT.cli(args.toArray(String[]::new));
    }

    /** The deploy ran to its documented end: exit 0, state complete, and the live schema now equals the folder. */
    static void assertComplete(TestDb db, DeployCommandIT.Run run, Path schema) throws Exception {
        assertEquals(0, run.code(), run.err());
        assertEquals("complete", JSON.readTree(run.out()).get("state").asText(), run.out());
        DeployCommandIT.Run again = DeployCommandIT.cli("plan", "--schema-dir", schema.toString(), "--database",
                db.url().toString(), "--format", "json");
        assertEquals(0, again.code(), again.err());
        assertTrue(JSON.readTree(again.out()).get("changes").isEmpty(), "nothing left to change: " + again.out());
        assertEquals(List.of(), db.query("SHOW TABLES LIKE '%\\_shadowbot\\_%'"), "no shadow or old table left");
    }

    private static Map<String, String> files(String... nameAndDdl) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndDdl.length; i += 2) {
            m.put(nameAndDdl[i], nameAndDdl[i + 1]);
        }
        return m;
    }

    @Test
    void onlyNewTablesAreCreatedAndTheRequestCompletes(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS);
        Path schema = folder(dir, files("orders", ORDERS, "users", "CREATE TABLE users (id BIGINT NOT NULL PRIMARY KEY, "
                + "email VARCHAR(100) NOT NULL)", "tags", "CREATE TABLE tags (id INT NOT NULL PRIMARY KEY)"));
        DeployCommandIT.Run run = withWriters(db, List.of("orders"), () -> deploy(db, schema));
        assertComplete(db, run, schema);
        assertEquals(List.of(List.of("tags"), List.of("users")), db.query("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('users', 'tags') ORDER BY TABLE_NAME"));
    }

    @Test
    void onlyADroppedTableNeedsAllowDataLossThenIsGone(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS, "CREATE TABLE legacy (id INT NOT NULL PRIMARY KEY)", "INSERT INTO legacy VALUES (1)");
        Path schema = folder(dir, files("orders", ORDERS));
        DeployCommandIT.Run refused = deploy(db, schema);
        assertEquals(1, refused.code(), "dropping a table is data loss: " + refused.out() + refused.err());
        assertEquals(List.of(List.of("legacy")), db.query("SHOW TABLES LIKE 'legacy'"), "nothing changed");
        DeployCommandIT.Run run = withWriters(db, List.of("orders"), () -> deploy(db, schema, "--allow-data-loss"));
        assertComplete(db, run, schema);
        assertEquals(List.of(), db.query("SHOW TABLES LIKE 'legacy'"));
    }

    @Test
    void addAColumn(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS);
        Path schema = folder(dir, files("orders", "CREATE TABLE orders (id INT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
                + " note VARCHAR(20) NULL, c INT NOT NULL DEFAULT 3, PRIMARY KEY (id))"));
        assertComplete(db, withWriters(db, List.of("orders"), () -> deploy(db, schema)), schema);
        assertEquals("0", db.scalar("SELECT COUNT(*) FROM orders WHERE c <> 3"), "the new column has its default");
    }

    @Test
    void addAnIndex(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS);
        Path schema = folder(dir, files("orders", "CREATE TABLE orders (id INT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
                + " PRIMARY KEY (id), KEY ix_n (n))"));
        assertComplete(db, withWriters(db, List.of("orders"), () -> deploy(db, schema)), schema);
        assertEquals("1", db.scalar("SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND INDEX_NAME = 'ix_n'"));
    }

    @Test
    void intToBigintPrimaryKey(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS);
        Path schema = folder(dir, files("orders", "CREATE TABLE orders (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL,"
                + " n INT NULL, PRIMARY KEY (id))"));
        DeployCommandIT.Run plan = DeployCommandIT.cli("plan", "--schema-dir", schema.toString(), "--database",
                db.url().toString(), "--format", "json");
        assertEquals(0, plan.code(), "INT -> BIGINT keeps the key: deployable (" + plan.out() + plan.err() + ")");
        assertComplete(db, withWriters(db, List.of("orders"), () -> deploy(db, schema)), schema);
        assertEquals("bigint", db.scalar("SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'id'"));
    }

    @Test
    void widenAVarchar(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS);
        Path schema = folder(dir, files("orders", "CREATE TABLE orders (id INT NOT NULL, v VARCHAR(200) NOT NULL, n INT NULL,"
                + " PRIMARY KEY (id))"));
        assertComplete(db, withWriters(db, List.of("orders"), () -> deploy(db, schema)), schema);
    }

    @Test
    void changeTheCharset(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS + " DEFAULT CHARSET=latin1");
        Path schema = folder(dir, files("orders", ORDERS + " DEFAULT CHARSET=utf8mb4"));
        assertComplete(db, withWriters(db, List.of("orders"), () -> deploy(db, schema)), schema);
        assertEquals("utf8mb4", db.scalar("SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
                + " DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'v'"));
    }

    @Test
    void twoAlteredTablesSwapTogether(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS, ITEMS);
        Path schema = folder(dir, files(
                "orders", "CREATE TABLE orders (id INT NOT NULL, v VARCHAR(64) NOT NULL, n BIGINT NULL, PRIMARY KEY (id))",
                "items", "CREATE TABLE items (id INT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL, w INT NULL,"
                        + " PRIMARY KEY (id))"));
        assertComplete(db, withWriters(db, List.of("orders", "items"), () -> deploy(db, schema)), schema);
    }

    @Test
    void mixedNewAlteredAndDropped(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS, ITEMS, "CREATE TABLE legacy (id INT NOT NULL PRIMARY KEY)");
        Path schema = folder(dir, files(
                "orders", "CREATE TABLE orders (id INT NOT NULL, v VARCHAR(100) NOT NULL, n INT NULL, PRIMARY KEY (id))",
                "items", ITEMS,
                "users", "CREATE TABLE users (id INT NOT NULL PRIMARY KEY)"));
        assertComplete(db, withWriters(db, List.of("orders", "items"), () -> deploy(db, schema, "--allow-data-loss")),
                schema);
        assertEquals(List.of(), db.query("SHOW TABLES LIKE 'legacy'"));
        assertEquals(List.of(List.of("users")), db.query("SHOW TABLES LIKE 'users'"));
    }

    @Test
    void anEmptyFolderIsBadInputAndStoresNothing(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS, ITEMS);
        Path empty = Files.createDirectories(dir.resolve("schema"));
        Files.writeString(empty.resolve("README.md"), "no tables here\n");
        for (String command : List.of("plan", "deploy")) {
            DeployCommandIT.Run run = DeployCommandIT.cli(command, "--schema-dir", empty.toString(), "--database",
                    db.url().toString(), "--allow-data-loss");
            assertEquals(2, run.code(), command + ": " + run.out() + run.err());
            assertTrue(run.err().contains(empty.toString()) && run.err().contains("CREATE TABLE"), run.err());
        }
        assertEquals(List.of(List.of("items"), List.of("orders")), db.query("SHOW TABLES"));
        assertEquals(List.of(), requestsOf(db), "nothing stored");
    }

    @Test
    void droppingMostTablesNeedsAllowMassDrop(TestDb db, @TempDir Path dir) throws Exception {
        db.exec(ORDERS, ITEMS, "CREATE TABLE legacy (id INT NOT NULL PRIMARY KEY)");
        Path schema = folder(dir, files("orders", ORDERS));
        DeployCommandIT.Run refused = deploy(db, schema, "--allow-data-loss");
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue((refused.out() + refused.err()).contains("2 of 3"), refused.out() + refused.err());
        assertTrue((refused.out() + refused.err()).contains("--allow-mass-drop"), refused.out() + refused.err());
        assertEquals(3, db.query("SHOW TABLES").size(), "nothing dropped");
        assertEquals(List.of(), requestsOf(db), "nothing stored");
        assertComplete(db, deploy(db, schema, "--allow-data-loss", "--allow-mass-drop"), schema);
        assertEquals(List.of(List.of("orders")), db.query("SHOW TABLES"));
    }

    @Test
    void statusListsTheRecentRequestsOfTheGivenDatabaseOnly(TestDb db, TestDb other, @TempDir Path dir) throws Exception {
        db.exec(ORDERS);
        other.exec(ORDERS);
        Path one = folder(dir.resolve("one"), files("orders", ORDERS, "tags", "CREATE TABLE tags (id INT NOT NULL PRIMARY KEY)"));
        Path two = folder(dir.resolve("two"), files("orders", ORDERS.replace("n INT NULL", "n BIGINT NULL"),
                "tags", "CREATE TABLE tags (id INT NOT NULL PRIMARY KEY)"));
        assertComplete(db, deploy(db, one), one);
        assertComplete(db, deploy(db, two), two);
        Path three = folder(dir.resolve("three"), files("orders", ORDERS, "users", "CREATE TABLE users (id INT PRIMARY KEY)"));
        assertComplete(other, deploy(other, three), three);

        DeployCommandIT.Run listed = DeployCommandIT.cli("status", "--database", db.url().toString(), "--format", "json");
        assertEquals(0, listed.code(), listed.err());
        JsonNode list = json(listed);
        assertEquals(db.schema(), list.get("database").asText());
        assertEquals(2, list.get("requests").size(), list.toString());
        for (JsonNode r : list.get("requests")) {
            assertEquals(db.schema(), r.get("schema").asText(), "only this database's requests: " + list);
            assertEquals("complete", r.get("state").asText());
        }
        assertTrue(list.get("requests").get(0).get("id").asLong() > list.get("requests").get(1).get("id").asLong(),
                "newest first");
        DeployCommandIT.Run text = DeployCommandIT.cli("status", "--database", db.url().toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("ID") && text.out().contains("STATE") && !text.out().contains(other.schema()),
                text.out());
        assertEquals(2, text.out().lines().filter(l -> l.contains("complete")).count(), text.out());
    }

    @Test
    void statusDoesNotClaimRevertibleWhenNoDriverCheckedTheNewRowsAndRevertRefusesWithTheRow(TestDb db, @TempDir Path dir)
            throws Exception {
        db.exec(ORDERS, "INSERT INTO orders VALUES (1, 'a', 1)");
        Path schema = folder(dir, files("orders", ORDERS.replace("VARCHAR(64)", "VARCHAR(200)")));
        DeployCommandIT.Run run = DeployCommandIT.cli("deploy", "--schema-dir", schema.toString(), "--database",
                db.url().toString(), "--revert-window", "30m", "--lease-seconds", "3", "--format", "json");
        assertEquals(0, run.code(), run.err());
        String id = json(run).get("id").asText();
        assertEquals("reverse_syncing", json(run).get("state").asText());
        db.exec("INSERT INTO orders VALUES (2, '" + "x".repeat(150) + "', 2)"); // cannot go back into VARCHAR(64)

        JsonNode st = json(DeployCommandIT.cli("status", "--id", id, "--database", db.url().toString(), "--format", "json"));
        assertTrue(st.get("revertible").isNull(), "not claimed revertible: " + st);
        assertTrue(st.get("revertible_note").asText().contains("not checked"), st.toString());
        DeployCommandIT.Run revert = DeployCommandIT.cli("revert", "--id", id, "--database", db.url().toString(),
                "--lease-seconds", "3", "--format", "json");
        assertTrue(revert.code() != 0, revert.out() + revert.err());
        assertTrue((revert.out() + revert.err()).contains("id=2"), "names the row: " + revert.out() + revert.err());
        assertEquals("varchar(200)", db.scalar("SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
                + " DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'v'"), "the new schema stays live");
        assertEquals(0, DeployCommandIT.cli("skip-revert", "--id", id, "--database", db.url().toString(),
                "--lease-seconds", "3").code());
    }

    /** This database's deploy requests in the sidecar store (none when the store does not exist yet). */
    static List<List<String>> requestsOf(TestDb db) {
        if (db.query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = '_shadowbot'"
                + " AND TABLE_NAME = 'deploy_requests'").isEmpty()) {
            return List.of();
        }
        return db.query("SELECT id FROM _shadowbot.deploy_requests WHERE target_schema = '" + db.schema() + "'");
    }

    static JsonNode json(DeployCommandIT.Run run) throws Exception {
        return JSON.readTree(run.out());
    }
}
