package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.store.MigrationRecord;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.throttle.ReplicaLag;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The copy holds back while a real replica cannot report its lag or lags too much, and continues when
 * it catches up. Needs a second MariaDB that may be made a replica of the test server:
 * {@code SHADOWBOT_TEST_REPLICA_URL=mysql://root@127.0.0.1:PORT/} (e.g. a second
 * {@code .ci/mariadb-debian.sh start PORT}); the test points it at the test server itself
 * (CHANGE MASTER TO …, applying only a schema nobody writes, so every event is read and skipped).
 * Without that variable only the unreachable-replica reading runs.
 */
@RealDatabase
class ReplicaLagIT {

    @Test
    void anUnreachableReplicaIsReportedAsSuch() {
        DatabaseUrl nowhere = DatabaseUrl.parse("mysql://root@127.0.0.1:1/");
        try (ReplicaLag lag = new ReplicaLag(List.of(nowhere), Duration.ofSeconds(1))) {
            ReplicaLag.Reading r = lag.readAll().get(0);
            assertFalse(r.known());
            assertTrue(r.problem().startsWith("unreachable"), r.toString());
        }
    }

    @Test
    void copyPausesWhileTheReplicaIsNotReplicatingAndWhileItLags(TestDb db) throws Exception {
        String replicaEnv = System.getenv("SHADOWBOT_TEST_REPLICA_URL");
        boolean required = "true".equals(System.getenv("SHADOWBOT_TEST_REQUIRE_REPLICA"));
        if (required) { // .ci/run's Debian pass starts a second server for this: its absence is a failure there
            assertTrue(replicaEnv != null && !replicaEnv.isBlank() && db.info().isMariaDb(),
                    "SHADOWBOT_TEST_REQUIRE_REPLICA=true needs SHADOWBOT_TEST_REPLICA_URL and a MariaDB under test");
        }
        assumeTrue(replicaEnv != null && !replicaEnv.isBlank(), "SHADOWBOT_TEST_REPLICA_URL is not set");
        assumeTrue(db.info().isMariaDb(), "the replica setup statements are MariaDB's");
        DatabaseUrl replica = DatabaseUrl.parse(replicaEnv);
        DatabaseUrl primary = db.serverUrl();
        db.exec("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v VARCHAR(20))");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 3000; i++) {
            values.append(i == 1 ? "" : ",").append("(").append(i).append(", 'v").append(i).append("')");
        }
        db.exec("INSERT INTO t VALUES " + values);
        try (Connection r = Connections.open(replica); Statement st = r.createStatement()) {
            String[] pos;
            try (Connection p = Connections.open(primary); Statement ps = p.createStatement();
                 ResultSet rs = ps.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                pos = new String[] {rs.getString(1), rs.getString(2)};
            }
            st.execute("STOP SLAVE");
            st.execute("SET GLOBAL server_id = 2");
            st.execute("SET GLOBAL replicate_do_db = 'shadowbot_lag_probe'");
            st.execute("CHANGE MASTER TO MASTER_HOST = '" + primary.host() + "', MASTER_PORT = " + primary.port()
                    + ", MASTER_USER = '" + primary.user() + "', MASTER_PASSWORD = '" + primary.password() + "',"
                    + " MASTER_USE_GTID = no, MASTER_LOG_FILE = '" + pos[0] + "', MASTER_LOG_POS = " + pos[1]
                    + ", MASTER_DELAY = 0");
            st.execute("START SLAVE");
            awaitLag(replica, true, 0);

            // A ticker keeps events flowing so a delayed replica stays behind.
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            db.exec("CREATE TABLE tick (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY)");
            Thread ticker = new Thread(() -> {
                while (!stop.get()) {
                    db.exec("INSERT INTO tick VALUES ()");
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            ticker.setDaemon(true);
            ticker.start();
            try {
                // 1. A replica applying every event 4 s late: its lag is a number above the 1 s limit.
                st.execute("STOP SLAVE");
                st.execute("CHANGE MASTER TO MASTER_DELAY = 4");
                st.execute("START SLAVE");
                ReplicaLag.Reading lagging = awaitLag(replica, true, 3);
                MigrationOptions options = MigrationOptions.defaults().withChunks(Duration.ofMillis(50), 200)
                        .withCopy(CopySettings.DEFAULTS.withReplicas(List.of(replica), Duration.ofSeconds(1)));
                try (MigrationService service = MigrationService.connect(primary, options)) {
                    DeployState started = service.start(new DeploySpec(db.schema(),
                            List.of(new TableSpec("t", "ADD COLUMN x INT NOT NULL DEFAULT 1")), List.of()));
                    Thread waiter = new Thread(() -> service.runUntilStaged(started.id(), Duration.ofMinutes(2)));
                    waiter.setDaemon(true);
                    waiter.start();
                    Thread.sleep(3000);
                    assertEquals("copying", service.status(started.id()).state());
                    assertEquals(0, service.migrations(started.id()).get(0).rowsCopied(),
                            "no chunk is copied while the replica lags (" + lagging + ")");

                    // 2. SQL thread stopped: the lag is unknown (NULL); still no copying.
                    st.execute("STOP SLAVE SQL_THREAD");
                    ReplicaLag.Reading stopped = ReplicaLag.lag(r, replica);
                    assertFalse(stopped.known(), "a stopped SQL thread reports no lag: " + stopped);
                    Thread.sleep(2000);
                    assertEquals(0, service.migrations(started.id()).get(0).rowsCopied(),
                            "no chunk is copied while the replica's lag is unknown");

                    // 3. Caught up: the copy runs to staged.
                    stop.set(true);
                    ticker.join(10_000);
                    st.execute("STOP SLAVE");
                    st.execute("CHANGE MASTER TO MASTER_DELAY = 0");
                    st.execute("START SLAVE");
                    DeployState staged = service.runUntilStaged(started.id(), Duration.ofMinutes(2));
                    assertEquals("staged", staged.state());
                    service.awaitCaughtUp(started.id(), Duration.ofSeconds(30));
                    StagedMigrationIT.assertShadowEqualsLive(db, "t", staged.tables().get(0).shadow(), List.of("id"));
                    service.cancel(started.id(), Duration.ofSeconds(30));
                }
            } finally {
                stop.set(true);
                ticker.join(10_000);
            }
        } finally {
            try (Connection r = Connections.open(replica); Statement st = r.createStatement()) {
                st.execute("STOP SLAVE");
                st.execute("RESET SLAVE ALL");
            }
        }
    }

    /** Waits (up to 20 s) until the replica reports a known lag of at least {@code min} seconds. */
    private static ReplicaLag.Reading awaitLag(DatabaseUrl replica, boolean known, long min) throws Exception {
        ReplicaLag.Reading last = null;
        try (Connection r = Connections.open(replica)) {
            for (int i = 0; i < 200; i++) {
                last = ReplicaLag.lag(r, replica);
                if (last.known() == known && (!known || last.seconds() >= min)) {
                    return last;
                }
                Thread.sleep(100);
            }
        }
        assertNotNull(last);
        throw new AssertionError("the replica did not report " + (known ? "a lag of at least " + min + " s" : "no lag")
                + " in 20 s: " + last);
    }
}
