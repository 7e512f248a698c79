package dev.shadowbot.bot.metrics;

import dev.shadowbot.bot.store.DeployProgress;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.bot.store.DeployRequestStatus;
import dev.shadowbot.bot.store.StoreHealth;
import dev.shadowbot.engine.store.DeployStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges that describe what the state database holds, refreshed by {@link #refresh()} right before each
 * scrape (two small queries). When several bot replicas share one state database they all report the
 * same values: aggregate these with {@code max}, not {@code sum}. If the database does not answer, the
 * last values stay and {@code shadowbot_state_db_up} drops to 0.
 */
public final class StateGauges {
    private static final Logger LOG = LoggerFactory.getLogger(StateGauges.class);

    private final MeterRegistry registry;
    private final DeployProgress progress;
    private final StoreHealth health;
    /** Gauge values as double bits, by meter name and tag pairs. */
    private final Map<List<String>, AtomicLong> values = new ConcurrentHashMap<>();

    public StateGauges(MeterRegistry registry, DeployProgress progress, StoreHealth health,
                       Collection<String> databases) {
        this.registry = registry;
        this.progress = progress;
        this.health = health;
        gauge("shadowbot.state.db.up", "1 when the last refresh from the state database worked");
        gauge("shadowbot.inbox.depth", "webhook events stored and not yet handled (due or in a worker)");
        gauge("shadowbot.inbox.parked", "webhook events parked after too many failed attempts");
        for (DeployRequestState s : DeployRequestState.values()) {
            gauge("shadowbot.deploy.requests", "deploy requests by state", "state", s.name().toLowerCase(Locale.ROOT));
        }
        for (DeployStatus s : DeployStatus.values()) {
            gauge("shadowbot.deploy.requests", "deploy requests by state", "state", s.dbName());
        }
        databases.forEach(this::databaseGauges);
    }

    private void databaseGauges(String db) {
        gauge("shadowbot.deploy.queue.length", "deploy requests waiting for this database", "database", db);
        gauge("shadowbot.deploy.rows.copied", "rows copied into shadow tables by running deploy requests",
                "database", db);
        gauge("shadowbot.deploy.rows.total", "rows to copy for running deploy requests (estimate)", "database", db);
        gauge("shadowbot.staged.replication.lag.seconds",
                "how far the change stream into staged shadows is behind (max over deploy requests)", "database", db);
        gauge("shadowbot.cutover.stall.seconds", "how long writes waited during the latest cutover", "database", db);
    }

    /** Re-reads the state database and updates every gauge. Never throws. */
    public void refresh() {
        Map<List<String>, Double> next = new HashMap<>();
        try {
            StoreHealth.InboxDepth depth = health.inboxDepth();
            List<DeployRequestStatus> statuses = progress.statuses();
            next.put(key("shadowbot.inbox.depth"), (double) depth.open());
            next.put(key("shadowbot.inbox.parked"), (double) depth.parked());
            Map<String, Boolean> stallSeen = new HashMap<>();
            for (DeployRequestStatus s : statuses) {
                String db = s.database();
                if (!values.containsKey(key("shadowbot.deploy.queue.length", "database", db))) {
                    databaseGauges(db);
                }
                add(next, key("shadowbot.deploy.requests", "state", s.state()), 1);
                if (!values.containsKey(key("shadowbot.deploy.requests", "state", s.state()))) {
                    gauge("shadowbot.deploy.requests", "deploy requests by state", "state", s.state());
                }
                DeployProgress.Progress p = s.progress();
                if (p == null) {
                    continue;
                }
                if (s.queued()) {
                    add(next, key("shadowbot.deploy.queue.length", "database", db), 1);
                }
                if (s.active()) {
                    add(next, key("shadowbot.deploy.rows.copied", "database", db), p.rowsCopied());
                    add(next, key("shadowbot.deploy.rows.total", "database", db), p.rowsTotal());
                }
                if (p.phase() == DeployStatus.STAGED && p.lagMillis() != null) {
                    next.merge(key("shadowbot.staged.replication.lag.seconds", "database", db),
                            p.lagMillis() / 1000.0, Math::max);
                }
                // Statuses come newest first: the first stall seen per database is the latest cutover's.
                if (p.cutoverStallMillis() != null && stallSeen.putIfAbsent(db, true) == null) {
                    next.put(key("shadowbot.cutover.stall.seconds", "database", db), p.cutoverStallMillis() / 1000.0);
                }
            }
            next.put(key("shadowbot.state.db.up"), 1.0);
        } catch (RuntimeException e) {
            LOG.warn("metrics=state_refresh_failed error=\"{}\"", e.getMessage());
            set(key("shadowbot.state.db.up"), 0);
            return;
        }
        values.forEach((k, v) -> v.set(Double.doubleToLongBits(next.getOrDefault(k, 0.0))));
    }

    private static void add(Map<List<String>, Double> m, List<String> k, double v) {
        m.merge(k, v, Double::sum);
    }

    private void set(List<String> k, double v) {
        AtomicLong holder = values.get(k);
        if (holder != null) {
            holder.set(Double.doubleToLongBits(v));
        }
    }

    private static List<String> key(String name, String... tags) {
        List<String> k = new java.util.ArrayList<>();
        k.add(name);
        k.addAll(List.of(tags));
        return List.copyOf(k);
    }

    private void gauge(String name, String description, String... tags) {
        values.computeIfAbsent(key(name, tags), k -> {
            AtomicLong holder = new AtomicLong(Double.doubleToLongBits(0));
            Gauge.builder(name, holder, h -> Double.longBitsToDouble(h.get())).description(description).tags(tags)
                    .register(registry);
            return holder;
        });
    }
}
