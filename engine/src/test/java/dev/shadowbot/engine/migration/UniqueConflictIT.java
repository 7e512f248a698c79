package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change that adds a unique key (or makes a unique column case-insensitive) while writers run: a
 * write after staged that the new key cannot hold stops the request before any cutover, naming the
 * key and both rows, and deletes nothing (the forward apply once used REPLACE, which deleted the
 * OTHER row from the shadow and cut over without it). Writes the key can hold, including values
 * swapped between rows inside one transaction, cut over with every acknowledged write.
 */
@RealDatabase
class UniqueConflictIT {
    private static final String TABLE = "CREATE TABLE t (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " u INT NULL, e VARCHAR(40) COLLATE utf8mb4_bin NULL, PRIMARY KEY (id), UNIQUE KEY ue (e))"
            + " DEFAULT CHARSET=utf8mb4";
    private static final long KEYS = 100_000;

    @Test
    void aWriteTheNewUniqueKeyCannotHoldFailsTheRequestAndDeletesNothing(TestDb db) throws Exception {
        db.exec(TABLE, "INSERT INTO t (id, v, u) VALUES (1000001, 'one', 1), (1000002, 'two', 2)");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD UNIQUE KEY `uu` (`u`)")),
                    List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            db.exec("UPDATE t SET u = 1 WHERE id = 1000002");
            DeployState failed = awaitState(service, id, "failed");
            String error = failed.error();
            assertTrue(error.contains("uu") && error.contains("id=1000002") && error.contains("id=1000001"), error);
            assertThrows(ShadowbotException.class, () -> service.cutover(id, Duration.ofSeconds(10)));
            service.awaitDriverEnd(id, Duration.ofSeconds(30));
            assertTrue(!StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "t")), "a failed request drops its shadow");
            assertEquals("failed", service.cancel(id, Duration.ofSeconds(10)).state(), "cancel of a failed one: no error");
            long next = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD COLUMN `c` INT NULL")),
                    List.of())).id();
            assertEquals("staged", service.runUntilStaged(next, Duration.ofMinutes(1)).state(), "nothing left refuses it");
            service.cancel(next, Duration.ofSeconds(30));
            load.stop();
            assertEquals(List.of(List.of("1000001", "1"), List.of("1000002", "1")),
                    db.query("SELECT id, u FROM t WHERE id > " + KEYS + " ORDER BY id"), "both rows stay live");
            assertLiveHoldsTheModel(load, "t", KEYS);
            assertEquals(List.of(), db.query("SHOW INDEX FROM t WHERE Key_name = 'uu'"), "nothing was swapped");
        } finally {
            load.close();
        }
    }

    @Test
    void aCaseInsensitiveUniqueColumnRefusesAValueThatDiffersOnlyInCase(TestDb db) throws Exception {
        db.exec(TABLE, "INSERT INTO t (id, v, e) VALUES (1000001, 'one', 'ann@example.com')");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t",
                    "MODIFY COLUMN `e` VARCHAR(40) COLLATE utf8mb4_general_ci NULL")), List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            db.exec("INSERT INTO t (id, v, e) VALUES (1000002, 'two', 'ANN@example.com')");
            String error = awaitState(service, id, "failed").error();
            assertTrue(error.contains("ue") && error.contains("id=1000002") && error.contains("id=1000001"), error);
            load.stop();
            assertEquals(List.of(List.of("1000001", "ann@example.com"), List.of("1000002", "ANN@example.com")),
                    db.query("SELECT id, e FROM t WHERE id > " + KEYS + " ORDER BY id"));
            assertLiveHoldsTheModel(load, "t", KEYS);
        } finally {
            load.close();
        }
    }

    @Test
    void valuesSwappedInsideOneTransactionCutOverIntact(TestDb db) throws Exception {
        swapThenCutOver(db, TABLE, "ADD UNIQUE KEY `uu` (`u`)");
    }

    /** A unique key live already enforces: the apply keeps REPLACE, which the swap must not trip either. */
    @Test
    void valuesSwappedUnderAnExistingUniqueKeyCutOverIntact(TestDb db) throws Exception {
        swapThenCutOver(db, TABLE.replace("UNIQUE KEY ue (e))", "UNIQUE KEY ue (e), UNIQUE KEY uu (u))"),
                "ADD COLUMN `c` INT NULL");
    }

    private static void swapThenCutOver(TestDb db, String table, String change) throws Exception {
        db.exec(table, "INSERT INTO t (id, v, u) VALUES (1000001, 'one', 1), (1000002, 'two', 2), (1000003, 'three', 3)");
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", change)), List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            try (var c = db.connect(); var st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("UPDATE t SET u = 9 WHERE id = 1000001");
                st.execute("UPDATE t SET u = 1 WHERE id = 1000002");
                st.execute("UPDATE t SET u = 2 WHERE id = 1000001");
                st.execute("DELETE FROM t WHERE id = 1000003");
                st.execute("INSERT INTO t (id, v, u) VALUES (1000004, 'four', 3)");
                c.commit();
            }
            service.awaitCaughtUp(id, Duration.ofSeconds(30));
            assertEquals("reverse_syncing", service.cutover(id, Duration.ofMinutes(1)).state());
            Thread.sleep(300);
            load.stop();
            assertEquals(List.of(List.of("1000001", "2"), List.of("1000002", "1"), List.of("1000004", "3")),
                    db.query("SELECT id, u FROM t WHERE id > " + KEYS + " ORDER BY id"));
            assertEquals(1, db.query("SHOW INDEX FROM t WHERE Key_name = 'uu'").size(), "the new key is live");
            assertLiveHoldsTheModel(load, "t", KEYS);
        } finally {
            load.close();
        }
    }

    @Test
    void duplicatesAtDeployTimeRefuseAtOnceNamingTheKeyAndAValue(TestDb db) throws Exception {
        db.exec(TABLE, "INSERT INTO t (id, v, u, e) VALUES (1, 'a', 5, 'x@y'), (2, 'b', 5, 'X@Y'), (3, 'c', 6, 'z')");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t", "ADD UNIQUE KEY `uu` (`u`)")),
                    List.of())).id();
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.runUntilStaged(id, Duration.ofMinutes(1)));
            assertTrue(e.getMessage().contains("uu") && e.getMessage().contains("'5'"), e.getMessage());
            assertEquals("failed", service.status(id).state());
            assertTrue(!StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "t")), "no shadow left");
            long ci = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t",
                    "MODIFY COLUMN `e` VARCHAR(40) COLLATE utf8mb4_general_ci NULL")), List.of())).id();
            e = assertThrows(ShadowbotException.class, () -> service.runUntilStaged(ci, Duration.ofMinutes(1)));
            assertTrue(e.getMessage().contains("ue") && e.getMessage().contains("utf8mb4_general_ci")
                    && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("'x@y'"), e.getMessage());
            assertEquals(3, db.query("SELECT * FROM t").size());
        }
    }

    @Test
    void aValueTheNarrowedColumnCannotHoldFailsAtOnceNamingTableKeyAndValue(TestDb db) throws Exception {
        db.exec(String.format(MigrationScenario.BASE, "`t`"));
        WriteLoad load = new WriteLoad(db.serverUrl(), new WriteLoadTable(db.schema(), "t", List.of("id")), 3, KEYS);
        load.seed(1000, 40);
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            load.start();
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("t",
                    "MODIFY COLUMN `v` VARCHAR(20) NOT NULL")), List.of())).id();
            assertEquals("staged", service.runUntilStaged(id, Duration.ofMinutes(2)).state());
            String tooLong = "x".repeat(30);
            db.exec("INSERT INTO t (id, v) VALUES (1000001, '" + tooLong + "')");
            String error = awaitState(service, id, "failed").error();
            assertTrue(error.contains("table t, key id=1000001, value '" + tooLong + "'") && !error.contains("at row"),
                    error);
            load.stop();
            assertLiveHoldsTheModel(load, "t", KEYS);
            assertEquals(tooLong, db.scalar("SELECT v FROM t WHERE id = 1000001"), "the live table is untouched");
        } finally {
            load.close();
        }
    }

    @Test
    void theMatchingKeyMadeCaseInsensitiveIsRefusedBeforeTheCopy(TestDb db) throws Exception {
        db.exec("CREATE TABLE k (code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY, n INT) DEFAULT CHARSET=utf8mb4",
                "INSERT INTO k VALUES ('a', 1), ('b', 2)");
        try (MigrationService service = MigrationService.connect(db.serverUrl())) {
            long id = service.start(new DeploySpec(db.schema(), List.of(new TableSpec("k",
                    "MODIFY COLUMN `code` VARCHAR(20) COLLATE utf8mb4_general_ci NOT NULL")), List.of())).id();
            ShadowbotException e = assertThrows(ShadowbotException.class, () -> service.runUntilStaged(id, Duration.ofMinutes(1)));
            assertTrue(e.getMessage().contains("key_collation") && e.getMessage().contains("code"), e.getMessage());
            assertTrue(!StagedMigrationIT.tableExists(db, ShadowNames.shadow(id, "k")), "no shadow left");
            assertEquals(List.of(List.of("a", "1"), List.of("b", "2")), db.query("SELECT code, n FROM k ORDER BY code"));
        }
    }

    /** The table holds every acknowledged write of the writers (rows from {@code keys} on are not theirs). */
    static void assertLiveHoldsTheModel(WriteLoad load, String table, long keys) throws Exception {
        var live = load.read(table);
        live.keySet().removeIf(k -> k >= keys);
        assertEquals(List.of(), WriteLoad.differences(load.model(), live, 10), load.toString());
    }

    static DeployState awaitState(MigrationService service, long id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        DeployState s = service.status(id);
        while (!state.equals(s.state()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = service.status(id);
        }
        assertEquals(state, s.state(), String.valueOf(s.error()));
        return s;
    }
}
