package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.copy.ChunkCopier;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The copy must never make a client transaction fail. Clients run multi-row transactions that update,
 * delete and re-insert hot keys in random key order (holding each row lock for a few milliseconds)
 * while the table is copied in small chunks: a copy that WAITS on a row lock while holding others
 * forms deadlock cycles with them, and InnoDB kills the client (the lighter transaction). The copy
 * must instead skip-and-retry: zero client errors, and after staged the shadow equals the live table.
 */
@RealDatabase
class CopyContentionIT {
    private static final int ROWS = 6000;
    private static final int CLIENTS = 8;

    @Test
    void copyNeverFailsAClientAndShadowEqualsLive(TestDb db) throws Exception {
        db.exec("CREATE TABLE hot (id BIGINT NOT NULL, k INT NOT NULL, c VARCHAR(60) NOT NULL, n INT NULL,"
                + " PRIMARY KEY (id))");
        StringBuilder insert = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            insert.append(insert.length() == 0 ? "INSERT INTO hot VALUES " : ", ")
                    .append("(").append(i).append(", ").append(i % 97).append(", 'row-").append(i).append("', NULL)");
            if (i % 1000 == 0) {
                db.exec(insert.toString());
                insert.setLength(0);
            }
        }
        long retriesBefore = ChunkCopier.lockRetries();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int me = i;
            Thread t = new Thread(() -> client(db, me, stop, committed, errors), "hot-client-" + i);
            t.start();
            clients.add(t);
        }
        // Small, slow-adapting chunks: many chunk statements meet the clients' locks.
        MigrationOptions options = MigrationOptions.defaults().withChunks(Duration.ofMillis(60), 200)
                .withChecksumChunkRows(500);
        try (MigrationService service = MigrationService.connect(db.serverUrl(), options)) {
            Thread.sleep(300); // clients are running before the copy starts
            DeployState started = service.start(new DeploySpec(db.schema(),
                    List.of(new TableSpec("hot", "ADD COLUMN x INT NOT NULL DEFAULT 7")), List.of()));
            DeployState staged;
            try {
                staged = service.runUntilStaged(started.id(), Duration.ofMinutes(3));
            } finally {
                stop.set(true);
                for (Thread t : clients) {
                    t.join(30_000);
                }
                assertEquals(List.of(), errors, "client transactions failed during the migration (" + committed
                        + " committed)");
            }
            assertEquals("staged", staged.state());
            service.awaitCaughtUp(started.id(), Duration.ofSeconds(60));
            assertTrue(committed.get() > 100, "the clients ran (" + committed + " transactions)");
            assertTrue(ChunkCopier.lockRetries() > retriesBefore,
                    "the copy met rows locked by clients (otherwise this test proves nothing)");
            StagedMigrationIT.assertShadowEqualsLive(db, "hot", staged.tables().get(0).shadow(), List.of("id"));
            service.cancel(started.id(), Duration.ofSeconds(30));
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
        }
    }

    /**
     * Client {@code me}: transactions of 3–5 statements on random keys of its own (id mod CLIENTS = me)
     * in random order — updates, deletes, delete + re-insert, inserts of new keys between existing
     * ones — sleeping a little between statements so its row locks are held while the copy runs. The
     * clients share no key and run READ COMMITTED (no gap locks), so they cannot deadlock each other;
     * only a copy that waits on their locks can. Any error is recorded.
     */
    private static void client(TestDb db, int me, AtomicBoolean stop, AtomicLong committed, List<String> errors) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int span = ROWS + ROWS / 5;
        java.util.BitSet exists = new java.util.BitSet(span + 1);
        exists.set(1, ROWS + 1);
        try (Connection c = Connections.open(db.url())) {
            try (var st = c.createStatement()) {
                st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            }
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE hot SET n = COALESCE(n, 0) + 1, k = ? WHERE id = ?");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM hot WHERE id = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO hot (id, k, c, n) VALUES (?, ?, ?, 1)")) {
                while (!stop.get()) {
                    java.util.BitSet tx = (java.util.BitSet) exists.clone();
                    int statements = 3 + rnd.nextInt(3);
                    try {
                        for (int s = 0; s < statements; s++) {
                            int id = me + CLIENTS * rnd.nextInt(span / CLIENTS);
                            if (id < 1) {
                                continue;
                            }
                            if (!tx.get(id)) {
                                insert.setLong(1, id);
                                insert.setInt(2, rnd.nextInt(1000));
                                insert.setString(3, "new-" + id);
                                insert.executeUpdate();
                                tx.set(id);
                            } else if (rnd.nextInt(10) < 7) {
                                update.setInt(1, rnd.nextInt(1000));
                                update.setLong(2, id);
                                update.executeUpdate();
                            } else {
                                delete.setLong(1, id);
                                delete.executeUpdate();
                                tx.clear(id);
                                if (rnd.nextBoolean()) {
                                    insert.setLong(1, id);
                                    insert.setInt(2, rnd.nextInt(1000));
                                    insert.setString(3, "again-" + id);
                                    insert.executeUpdate();
                                    tx.set(id);
                                }
                            }
                            Thread.sleep(1 + rnd.nextInt(4));
                        }
                        if (rnd.nextInt(20) == 0) {
                            c.rollback();
                        } else {
                            c.commit();
                            exists = tx;
                            committed.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        errors.add(e.getErrorCode() + " " + e.getMessage());
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // the connection may be gone
                        }
                    }
                }
            }
        } catch (SQLException e) {
            errors.add("connection: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
