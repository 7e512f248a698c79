package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.store.DeployRequestRecord;
import dev.shadowbot.engine.store.DeployStatus;
import dev.shadowbot.engine.store.SidecarStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the stepwise drop of retired tables when the driver doing it died (kill -9, restart) or was
 * handed off (a CLI command returns at the outcome): the new tables a revert retired
 * ({@code <table>_shadowbot_<id>_rev}, request {@code reverted}) and the old and quarantined tables of a
 * closed window ({@code <table>_shadowbot_<id>_old}, request {@code complete}). The request is already in
 * a terminal state no driver resumes, so without this the half-emptied table would stay forever. A table
 * is dropped only when the store says it is a retired table of such a request of that schema (its name is
 * {@link ShadowNames#reverted} resp. {@link ShadowNames#retired} of one of the request's tables); a user
 * table that merely looks like one is left alone. The request's lease is taken for the drop, so a live driver still dropping it (in this
 * process or another) and a second process doing the same are never raced.
 */
final class RevertedLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(RevertedLeftovers.class);
    private static final Pattern REVERTED = Pattern.compile("^(.+)_shadowbot_(\\d{1,18})_(rev|old)$");
    private static final String CANDIDATES = "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
            + " WHERE TABLE_TYPE = 'BASE TABLE' AND (TABLE_NAME LIKE '%|_shadowbot|_%|_rev' ESCAPE '|'"
            + " OR TABLE_NAME LIKE '%|_shadowbot|_%|_old' ESCAPE '|')";

    private RevertedLeftovers() {
    }

    /**
     * Drops every leftover retired table of a reverted request (of {@code schema}, or of every schema when
     * null) until {@code deadline} (System.nanoTime); {@code drivenHere} says which requests a live driver
     * of this process has (it finishes its own drop). Returns the tables dropped; a table that could not be
     * dropped is logged and left for the next call.
     */
    static List<String> drop(DatabaseUrl url, ServerInfo info, SidecarStore store, MigrationOptions options,
                             String schema, LongPredicate drivenHere, long deadline) {
        return drop(url, info, store, options, schema, id -> true, drivenHere, false, deadline);
    }

    /**
     * Same, only for the requests {@code which} accepts; with {@code waitForHolder} a table whose request
     * another driver holds (it is dropping it) is waited for until that driver is done or the deadline,
     * for a caller that needs the table gone (a new deploy of the same table).
     */
    static List<String> drop(DatabaseUrl url, ServerInfo info, SidecarStore store, MigrationOptions options,
                             String schema, LongPredicate which, LongPredicate drivenHere, boolean waitForHolder,
                             long deadline) {
        List<String> dropped = new ArrayList<>();
        for (String[] t : candidates(url, schema)) {
            if (System.nanoTime() >= deadline) {
                break;
            }
            Matcher m = REVERTED.matcher(t[1]);
            if (!m.matches()) {
                continue;
            }
            long id = Long.parseLong(m.group(2));
            boolean rev = "rev".equals(m.group(3));
            Optional<DeployRequestRecord> rec = store.find(id);
            if (rec.isEmpty() || !which.test(id)
                    || rec.get().status() != (rev ? DeployStatus.REVERTED : DeployStatus.COMPLETE)
                    || !rec.get().schema().equals(t[0]) || !retiredBy(store, rec.get(), rev, t[1])
                    || drivenHere.test(id)) {
                continue;
            }
            String lease = DeployDriver.leaseResource(id);
            if (!acquire(store, options, lease, waitForHolder, deadline)) {
                continue; // a live driver elsewhere is still dropping it
            }
            try {
                OldTableDrop.drop(env(url, info, store, options, rec.get(), lease, deadline), t[1]);
                dropped.add(t[0] + "." + t[1]);
                LOG.info("event=retired_table_dropped dr={} schema={} table={}", id, t[0], t[1]);
            } catch (ShadowbotException | DriverEnv.Stop e) {
                LOG.warn("event=retired_table_left dr={} schema={} table={} error=\"{}\"", id, t[0], t[1],
                        e instanceof ShadowbotException se ? se.userMessage() : e.getMessage());
            } finally {
                store.releaseLease(lease, options.owner());
            }
        }
        return dropped;
    }

    /** The retired tables of request {@code rec} (complete or reverted) that are still there, not dropped yet. */
    static List<String> pending(DatabaseUrl url, SidecarStore store, DeployRequestRecord rec) {
        if (rec.status() != DeployStatus.COMPLETE && rec.status() != DeployStatus.REVERTED) {
            return List.of();
        }
        boolean rev = rec.status() == DeployStatus.REVERTED;
        List<String> out = new ArrayList<>();
        for (String[] t : candidates(url, rec.schema())) {
            Matcher m = REVERTED.matcher(t[1]);
            if (m.matches() && Long.parseLong(m.group(2)) == rec.id() && "rev".equals(m.group(3)) == rev
                    && retiredBy(store, rec, rev, t[1])) {
                out.add(t[1]);
            }
        }
        return out;
    }

    /**
     * Takes the request's lease; with {@code wait}, retries while another driver holds it (it releases it
     * when its own drop is done) until the deadline.
     */
    private static boolean acquire(SidecarStore store, MigrationOptions options, String lease, boolean wait,
                                   long deadline) {
        while (true) {
            if (store.acquireLease(lease, options.owner(), options.leaseSeconds())) {
                return true;
            }
            if (!wait || System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * True when {@code name} is the name a revert gave one of the request's tables ({@code rev}), or the
     * name the cutover gave one of its old or dropped tables.
     */
    private static boolean retiredBy(SidecarStore store, DeployRequestRecord rec, boolean rev, String name) {
        long id = rec.id();
        java.util.stream.Stream<String> tables = store.migrations(id).stream().map(mr -> mr.table());
        if (!rev) {
            tables = java.util.stream.Stream.concat(tables, DeploySpec.fromJson(rec.specJson()).drops().stream());
        }
        return tables.anyMatch(t -> (rev ? ShadowNames.reverted(id, t) : ShadowNames.retired(id, t))
                .filter(name::equals).isPresent());
    }

    /** A driver environment for the drop alone: its heartbeat renews the lease and stops at the deadline. */
    private static DriverEnv env(DatabaseUrl url, ServerInfo info, SidecarStore store, MigrationOptions options,
                                 DeployRequestRecord rec, String lease, long deadline) {
        long[] last = {System.nanoTime()};
        DriverEnv.Heartbeat beat = () -> {
            long now = System.nanoTime();
            if (now >= deadline) {
                throw new DriverEnv.Stop("deadline");
            }
            if (now - last[0] >= 1_000_000_000L) {
                last[0] = now;
                if (!store.acquireLease(lease, options.owner(), options.leaseSeconds())) {
                    throw new DriverEnv.Stop("lost_lease");
                }
            }
        };
        return new DriverEnv(rec.id(), url, info, store, options, DeploySpec.fromJson(rec.specJson()), beat, () -> null);
    }

    private static List<String[]> candidates(DatabaseUrl url, String schema) {
        String sql = schema == null ? CANDIDATES : CANDIDATES + " AND TABLE_SCHEMA = ?";
        List<String[]> out = new ArrayList<>();
        try (Connection c = Connections.open(url.withDatabase("")); PreparedStatement ps = c.prepareStatement(sql)) {
            if (schema != null) {
                ps.setString(1, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        } catch (SQLException e) {
            // Only garbage is at stake: the caller's own work goes on, the next start looks again.
            LOG.warn("event=reverted_tables_unlisted error=\"cannot list the tables left by reverted deploy requests: {}\"",
                    e.getMessage());
        }
        return out;
    }
}
