package dev.shadowbot.bot.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.bot.store.DeployProgress.Progress;
import dev.shadowbot.bot.store.DeployQueue;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.bot.store.PullRequests.PrHandle;
import dev.shadowbot.bot.store.StateStore;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gauges read from a real state database holding inbox events, deploy requests and their progress. */
@RealDatabase
class StateGaugesIT {
    @Test
    void reflectWhatTheStateDatabaseHolds(TestDb state) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StateStore store = StateStore.open(state.url(), 2)) {
            StateGauges gauges = new StateGauges(registry, store.progress(), store.health(), List.of("app"));
            gauges.refresh();
            assertEquals(1.0, gauge(registry, "shadowbot.state.db.up"));
            assertEquals(0.0, gauge(registry, "shadowbot.inbox.depth"));
            assertEquals(0.0, gauge(registry, "shadowbot.deploy.queue.length", "database", "app"));

            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            store.inbox().accept("d-1", "pull_request", body, true);
            store.inbox().accept("d-2", "pull_request", body, true);
            store.inbox().accept("d-3", "ping", body, false);
            long now = System.currentTimeMillis();
            long staged = dr(store, 1, "app");
            long queued = dr(store, 2, "app");
            long done = dr(store, 3, "app");
            long copying = dr(store, 4, "analytics");
            dr(store, 5, "analytics");
            // #5 is driven by the lifecycle's deploy queue only: its progress is read from the queue row.
            long row = store.deployQueue().enqueue("acme/shop", 5, 1L, "analytics", "a".repeat(40), "{}", "alice",
                    Duration.ofMinutes(30));
            store.deployQueue().move(row, DeployQueue.Status.QUEUED, DeployQueue.Status.RUNNING, null,
                    "copying, `events` 50/200 rows (25%), lag 0.4 s", null, null);
            store.progress().record(staged, new Progress(DeployStatus.STAGED, now, 400, 400, 2_500L, null, null,
                    null, null));
            store.progress().record(queued, new Progress(DeployStatus.QUEUED, now, 0, 0, null, null, null, null,
                    null));
            store.progress().record(done, new Progress(DeployStatus.COMPLETE, now, 900, 900, null, 250L, null, true,
                    null));
            store.progress().record(copying, new Progress(DeployStatus.COPYING, now, 100, 1000, null, null, null,
                    null, null));
            gauges.refresh();

            assertEquals(2.0, gauge(registry, "shadowbot.inbox.depth"), "two handled events wait, the ping is done");
            assertEquals(1.0, gauge(registry, "shadowbot.deploy.requests", "state", "staged"));
            assertEquals(1.0, gauge(registry, "shadowbot.deploy.requests", "state", "queued"));
            assertEquals(0.0, gauge(registry, "shadowbot.deploy.requests", "state", "planned"),
                    "each deploy request has a progress row or a queue row");
            assertEquals(0.0, gauge(registry, "shadowbot.deploy.requests", "state", "reverting"));
            assertEquals(1.0, gauge(registry, "shadowbot.deploy.queue.length", "database", "app"));
            assertEquals(400.0, gauge(registry, "shadowbot.deploy.rows.copied", "database", "app"),
                    "only running deploy requests count");
            assertEquals(150.0, gauge(registry, "shadowbot.deploy.rows.copied", "database", "analytics"),
                    "a database not in the config gets its gauges when first seen; queue-driven rows count");
            assertEquals(2.0, gauge(registry, "shadowbot.deploy.requests", "state", "copying"));
            assertEquals(2.5, gauge(registry, "shadowbot.staged.replication.lag.seconds", "database", "app"));
            assertEquals(0.25, gauge(registry, "shadowbot.cutover.stall.seconds", "database", "app"));

            store.progress().record(staged, new Progress(DeployStatus.CUTTING_OVER, now, 400, 400, null, null,
                    null, null, null));
            gauges.refresh();
            assertEquals(0.0, gauge(registry, "shadowbot.deploy.requests", "state", "staged"), "moved on");
            assertEquals(0.0, gauge(registry, "shadowbot.staged.replication.lag.seconds", "database", "app"));

            store.close();
            gauges.refresh();
            assertEquals(0.0, gauge(registry, "shadowbot.state.db.up"));
            assertEquals(2.0, gauge(registry, "shadowbot.inbox.depth"), "last known value kept");
        }
    }

    private static long dr(StateStore store, int pr, String db) {
        try (PrHandle h = store.pullRequests().lock("acme/shop", pr, 1L)) {
            h.saveDeployRequest(db, "a".repeat(40), DeployRequestState.PLANNED, 1, "change");
            return h.deployRequest(db).orElseThrow().id();
        }
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }
}
