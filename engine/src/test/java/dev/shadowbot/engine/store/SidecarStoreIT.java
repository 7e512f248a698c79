package dev.shadowbot.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@RealDatabase
class SidecarStoreIT {

    private static long newRequest(SidecarStore store, TestDb db) {
        return store.createDeployRequest(db.schema(), "{}", id -> List.of(
                new SidecarStore.NewMigration("a", "a_shadowbot_" + id + "_new", "ADD COLUMN x INT"),
                new SidecarStore.NewMigration("b", "b_shadowbot_" + id + "_new", "ADD COLUMN y INT")));
    }

    @Test
    void guardedTransitionsMoveOnlyFromTheExpectedState(TestDb db) {
        try (SidecarStore store = SidecarStore.open(db.serverUrl()); SidecarStore again = SidecarStore.open(db.serverUrl())) {
            long id = newRequest(store, db);
            assertEquals(DeployStatus.QUEUED, store.get(id).status());
            assertTrue(store.transition(id, DeployStatus.QUEUED, DeployStatus.PREPARING, null));
            // A second process that still thinks it is queued loses: 0 rows updated.
            assertFalse(again.transition(id, DeployStatus.QUEUED, DeployStatus.PREPARING, null));
            assertEquals(DeployStatus.PREPARING, store.get(id).status());
            assertEquals(List.of("preparing", "preparing"),
                    store.migrations(id).stream().map(m -> m.status().dbName()).toList());
            assertEquals(List.of("1"), db.query("SELECT preparing_at IS NOT NULL FROM _shadowbot.deploy_requests WHERE id = " + id)
                    .get(0));
            ShadowbotException illegal = assertThrows(ShadowbotException.class,
                    () -> store.transition(id, DeployStatus.PREPARING, DeployStatus.STAGED, null));
            assertEquals(ErrorCode.CONFLICT, illegal.code());
        }
    }

    @Test
    void terminalStatesNeverChangeAndKeepTheirError(TestDb db) {
        try (SidecarStore store = SidecarStore.open(db.serverUrl())) {
            long id = newRequest(store, db);
            assertTrue(store.transition(id, DeployStatus.QUEUED, DeployStatus.FAILED, "boom"));
            assertEquals("boom", store.get(id).error());
            for (DeployStatus to : DeployStatus.values()) {
                assertThrows(ShadowbotException.class, () -> store.transition(id, DeployStatus.FAILED, to, null));
            }
            assertFalse(store.requestControl(id, "cancel"), "finished requests take no control requests");
            assertEquals(DeployStatus.FAILED, store.get(id).status());
        }
    }

    @Test
    void checkpointsRoundTrip(TestDb db) {
        try (SidecarStore store = SidecarStore.open(db.serverUrl())) {
            long id = newRequest(store, db);
            store.setStartPosition(id, new BinlogPosition("mysql-bin.000003", 1234, "0-1-55"));
            store.setStreamCheckpoint(id, new BinlogPosition("mysql-bin.000004", 99, ""));
            DeployRequestRecord r = store.get(id);
            assertEquals(Optional.of(new BinlogPosition("mysql-bin.000003", 1234, "0-1-55")), r.startPosition());
            assertEquals("mysql-bin.000004:99", r.checkpoint().orElseThrow().toString());
            long mid = store.migrations(id).get(0).id();
            store.setCopyCheckpoint(mid, 500, "[[\"s\",\"42\"]]", false, r.checkpoint().get());
            MigrationRecord m = store.migrations(id).get(0);
            assertEquals(500, m.rowsCopied());
            assertEquals("[[\"s\",\"42\"]]", m.highWater());
            assertFalse(m.copyDone());
        }
    }

    @Test
    void aLeaseHasOneOwnerUntilItExpires(TestDb db) throws Exception {
        try (SidecarStore store = SidecarStore.open(db.serverUrl())) {
            String resource = "test:" + db.schema();
            assertTrue(store.acquireLease(resource, "one", 1));
            assertTrue(store.acquireLease(resource, "one", 1), "the owner renews");
            assertFalse(store.acquireLease(resource, "two", 30), "another owner waits");
            assertEquals(Optional.of("one"), store.leaseHolder(resource));
            Thread.sleep(1_300);
            assertEquals(Optional.empty(), store.leaseHolder(resource));
            assertTrue(store.acquireLease(resource, "two", 30), "an expired lease is taken over");
            assertFalse(store.acquireLease(resource, "one", 30));
            store.releaseLease(resource, "one");
            assertEquals(Optional.of("two"), store.leaseHolder(resource), "only the owner releases");
            store.releaseLease(resource, "two");
            assertTrue(store.acquireLease(resource, "one", 30));
            store.releaseLease(resource, "one");
        }
    }
}
