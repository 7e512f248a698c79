package dev.shadowbot.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The binary log is reset ({@code RESET MASTER}) while a staged request's driver is stopped: its stored
 * position now lies past the end of the server's binlog (file:position) or names transactions the server
 * no longer has (GTID). Before, a file:position past the end counted as "caught up" — every change since
 * would have been skipped silently. Resuming must refuse, name the request, the position and the next
 * step (cancel and deploy again), and change nothing: the state stays, the live table and the shadow are
 * as they were; cancel then drops the shadow.
 *
 * <p>RESET MASTER runs only on a server this test owns: a private MariaDB it starts itself when the server
 * under test is MariaDB, the embedded MySQL ({@code SHADOWBOT_TEST_DB=mysql}) when it is MySQL.
 */
@RealDatabase
class StreamPositionRefusalIT {

    @Test
    void aStoredPositionTheServerNoLongerHasIsRefusedAndNothingChanges(TestDb db) throws Exception {
        if (db.info().isMariaDb()) {
            try (PrivateServer server = PrivateServer.start()) {
                refusals(server.url());
            }
        } else {
            assumeTrue("mysql".equalsIgnoreCase(System.getenv().getOrDefault("SHADOWBOT_TEST_DB", "")),
                    "RESET MASTER runs only on the embedded MySQL this JVM started");
            refusals(db.serverUrl());
        }
    }

    private static void refusals(DatabaseUrl server) throws Exception {
        ServerInfo info;
        try (Connection c = Connections.open(server)) {
            info = ServerInfo.detect(c);
        }
        // By file:position: as on a server without GTIDs (or a request recorded before GTIDs were stored).
        refused(server, info, "refusal_file", false);
        // By GTID: the server tracks GTIDs (MariaDB always; the embedded MySQL runs with gtid_mode=ON).
        refused(server, info, "refusal_gtid", true);
    }

    private static void refused(DatabaseUrl server, ServerInfo info, String schema, boolean byGtid) throws Exception {
        try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            st.execute("CREATE DATABASE `" + schema + "`");
            st.execute("CREATE TABLE `" + schema + "`." + ConnectionKillIT.TABLE.substring("CREATE TABLE ".length()));
        }
        WriteLoad load = new WriteLoad(server, new WriteLoadTable(schema, "orders", List.of("id")), 2, 100_000);
        load.seed(3000, 30);
        DeploySpec spec = new DeploySpec(schema, List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
        MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(3);
        load.start();
        try (MigrationService service = MigrationService.connect(server, options)) {
            long id = service.start(spec).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            Thread.sleep(500); // writes the stream applies and checkpoints
            load.stop();
            service.awaitCaughtUp(id, Duration.ofSeconds(60));
            service.stop(id); // the stream stops; its checkpoint stays in the store
            String shadow = service.status(id).tables().get(0).shadow();
            if (!byGtid) {
                exec(server, "UPDATE `_shadowbot`.`deploy_requests` SET binlog_gtid = '' WHERE id = " + id);
            }
            String checkpoint = service.status(id).checkpoint();
            String gtid = scalar(server, "SELECT COALESCE(binlog_gtid, '') FROM `_shadowbot`.`deploy_requests` WHERE id = " + id);
            assertEquals(byGtid, !gtid.isEmpty(), "stored GTID state: '" + gtid + "'");
            Map<Long, WriteLoad.Row> liveBefore = load.read("orders");
            Map<Long, WriteLoad.Row> shadowBefore = load.read(shadow);
            // Only on a server this test owns (see the class comment).
            exec(server, !info.isMariaDb() && info.atLeast(8, 4, 0) ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER");

            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.resume(id, Duration.ofMinutes(1)));
            DeployState after = service.status(id);
            System.out.println("[faults] reset-master by " + (byGtid ? "gtid" : "file:pos") + ": " + e.getMessage()
                    + " | " + e.nextStep() + " | state=" + after.state());
            assertEquals(ErrorCode.BINLOG_GONE, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("deploy request " + id), "names the request: " + e.getMessage());
            assertTrue(e.getMessage().contains(checkpoint), "names the position " + checkpoint + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(byGtid ? "GTID" : "past the end"), e.getMessage());
            assertTrue(e.nextStep().contains("shadowbot cancel --id " + id), "next step: " + e.nextStep());
            assertEquals("staged", after.state(), "nothing changed: the request keeps its state");
            assertTrue(after.error() != null && after.error().contains(checkpoint), "the reason is recorded: " + after.error());
            assertEquals(liveBefore, load.read("orders"), "the live table is untouched");
            assertEquals(List.of(), WriteLoad.differences(load.model(), load.read("orders"), 10), load.toString());
            assertEquals(shadowBefore, load.read(shadow), "the shadow is untouched");

            assertEquals("cancelled", service.cancel(id, Duration.ofSeconds(30)).state(), "cancel works after a refusal");
            assertEquals("0", scalar(server, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + schema
                    + "' AND TABLE_NAME = '" + shadow + "'"), "cancel dropped the shadow");
            assertFalse(liveBefore.isEmpty());
            Faults.record("reset-master (" + (byGtid ? "gtid" : "file:pos") + "): staged, stopped, RESET MASTER -> resume"
                    + " refused: " + e.getMessage().lines().findFirst().orElse("") + "; rows_compared=" + liveBefore.size());
        } finally {
            load.close();
        }
    }

    private static void exec(DatabaseUrl server, String sql) throws Exception {
        try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String scalar(DatabaseUrl server, String sql) throws Exception {
        try (Connection c = Connections.open(server); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
