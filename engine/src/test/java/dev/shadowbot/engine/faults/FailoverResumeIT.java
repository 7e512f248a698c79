package dev.shadowbot.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.GtidSets;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationOptions;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.TableInfo;
import dev.shadowbot.engine.table.TableInspector;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TableContents;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failover: a request is staged on a primary (writers running), its driver stops, the replica (GTID
 * replication, log-slave-updates, its own binlog names) catches up and is promoted; the primary goes
 * away. The replica has the sidecar store and the shadow through replication, but the stored
 * file:position is the primary's and means nothing in the replica's binlog: the stream must resume there
 * by GTID, then keep the shadow exactly equal to the live table under new writes on the replica.
 * Two private MariaDB servers this test starts itself; MariaDB only (the embedded MySQL is one server).
 */
@RealDatabase
class FailoverResumeIT {
    private static final String SCHEMA = "failover";

    @Test
    void aStagedRequestResumesByGtidOnThePromotedReplica(TestDb db) throws Exception {
        assumeTrue(db.info().isMariaDb(), "two private servers are started from MariaDB's binaries");
        try (PrivateServer primary = PrivateServer.start();
             PrivateServer replica = PrivateServer.start(List.of("--server-id=2", "--log-bin=replica-bin",
                     "--log-slave-updates"))) {
            DatabaseUrl p = primary.url();
            DatabaseUrl r = replica.url();
            // The replica follows the primary from its current GTID state (the users both made themselves).
            exec(r, "STOP SLAVE", "SET GLOBAL gtid_slave_pos = '" + scalar(p, "SELECT @@GLOBAL.gtid_binlog_pos") + "'",
                    "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + p.port() + ", MASTER_USER = 'root',"
                            + " MASTER_PASSWORD = '', MASTER_USE_GTID = slave_pos", "START SLAVE");
            exec(p, "CREATE DATABASE `" + SCHEMA + "`",
                    "CREATE TABLE `" + SCHEMA + "`." + ConnectionKillIT.TABLE.substring("CREATE TABLE ".length()));

            WriteLoad onPrimary = new WriteLoad(p, new WriteLoadTable(SCHEMA, "orders", List.of("id")), 2, 0, 100_000);
            onPrimary.seed(5000, 20);
            DeploySpec spec = new DeploySpec(SCHEMA, List.of(new TableSpec("orders", "ADD COLUMN `c` INT NULL")), List.of());
            MigrationOptions options = MigrationOptions.defaults().withLeaseSeconds(3);
            long id;
            String shadow;
            String checkpoint;
            String gtid;
            onPrimary.start();
            try (MigrationService service = MigrationService.connect(p, options.withOwner("on-primary"))) {
                id = service.start(spec).id();
                DeployState staged = service.runUntilStaged(id, Duration.ofMinutes(2));
                assertEquals("staged", staged.state());
                shadow = staged.tables().get(0).shadow();
                Thread.sleep(1_000);
                service.stop(id); // the driver stops; writes go on, unread by any stream
                Thread.sleep(1_000);
                onPrimary.stop();
                checkpoint = service.status(id).checkpoint();
                gtid = scalar(p, "SELECT binlog_gtid FROM `_shadowbot`.`deploy_requests` WHERE id = " + id);
            } finally {
                onPrimary.close();
            }
            // The replica catches up, then is promoted; the primary is gone.
            String primaryPos = scalar(p, "SELECT @@GLOBAL.gtid_binlog_pos");
            assertEquals("0", scalar(r, "SELECT MASTER_GTID_WAIT('" + primaryPos + "', 60)"), "the replica caught up");
            exec(r, "STOP SLAVE", "RESET SLAVE ALL");
            primary.close();
            assertTrue(checkpoint.startsWith("mysql-bin."), "the stored position is the primary's: " + checkpoint);
            assertTrue(GtidSets.contains(scalar(r, "SELECT @@GLOBAL.gtid_binlog_pos"), gtid), "the replica has "
                    + gtid);

            WriteLoad onReplica = new WriteLoad(r, new WriteLoadTable(SCHEMA, "orders", List.of("id")), 2, 200_000, 100_000);
            onReplica.start();
            try (MigrationService service = MigrationService.connect(r, options.withOwner("on-replica"))) {
                Thread.sleep(3_500); // the lease the primary's driver held (replicated) has expired
                DeployState resumed = service.resume(id, Duration.ofMinutes(2));
                assertEquals("staged", resumed.state(), String.valueOf(resumed.error()));
                Thread.sleep(1_500); // writes on the promoted replica reach the shadow through its stream
                onReplica.stop();
                service.awaitCaughtUp(id, Duration.ofSeconds(60));
                assertShadowEqualsLive(r, shadow);
                assertEquals(List.of(), WriteLoad.differences(onReplica.model(), onReplica.read("orders").entrySet().stream()
                        .filter(e -> e.getKey() >= 200_000).collect(java.util.stream.Collectors.toMap(e -> e.getKey(),
                                e -> e.getValue())), 10), onReplica.toString());
                String after = scalar(r, "SELECT binlog_file FROM `_shadowbot`.`deploy_requests` WHERE id = " + id);
                assertTrue(after.startsWith("replica-bin."), "the checkpoint is in the replica's binlog now: " + after);
                System.out.println("[faults] failover: staged on the primary at " + checkpoint + " (GTID " + gtid
                        + "), resumed by GTID on the promoted replica, checkpoint now " + after + "; rows="
                        + onReplica.read("orders").size() + " replica_writes=" + onReplica.acknowledged());
                Faults.record("failover: staged on primary, replica promoted, resume by GTID at " + gtid
                        + " -> shadow = live; rows_compared=" + onReplica.read("orders").size());
                service.cancel(id, Duration.ofSeconds(30));
            } finally {
                onReplica.close();
            }
        }
    }

    private static void assertShadowEqualsLive(DatabaseUrl server, String shadow) throws Exception {
        try (Connection c = Connections.open(server.withDatabase(SCHEMA))) {
            TableInfo l = TableInspector.read(c, SCHEMA, "orders");
            TableInfo sh = TableInspector.read(c, SCHEMA, shadow);
            List<String> common = ColumnMapping.between(l, sh).names();
            List<List<String>> live = TableContents.read(c, SCHEMA, "orders", common, List.of("id"));
            List<List<String>> copy = TableContents.read(c, SCHEMA, shadow, common, List.of("id"));
            assertEquals(live.size(), copy.size(), "row count");
            assertEquals(live, copy, "shadow = live over columns " + common);
        }
    }

    private static void exec(DatabaseUrl server, String... sql) throws Exception {
        try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static String scalar(DatabaseUrl server, String sql) throws Exception {
        try (Connection c = Connections.open(server); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
