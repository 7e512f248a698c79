package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.store.SidecarStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every phase of one driver needs: the request, the server, the store, the options, and a
 * heartbeat to call between units of work (renews the lease, and throws {@link Stop} when the
 * request is cancelled or the driver is told to stop). Connections are opened through
 * {@link #open()} so a simulated crash can cut them all.
 */
public final class DriverEnv {
    /** Thrown out of a heartbeat to stop the phases; {@code reason} says why. */
    public static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        Stop(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }

    /** Called between units of work. */
    @FunctionalInterface
    public interface Heartbeat {
        void beat();
    }

    private final long id;
    private final DatabaseUrl url;
    private final ServerInfo info;
    private final SidecarStore store;
    private final MigrationOptions options;
    private final DeploySpec spec;
    private final Heartbeat heartbeat;
    private final java.util.function.Supplier<String> control;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    DriverEnv(long id, DatabaseUrl url, ServerInfo info, SidecarStore store, MigrationOptions options, DeploySpec spec,
              Heartbeat heartbeat, java.util.function.Supplier<String> control) {
        this.control = control;
        this.id = id;
        this.url = url.withDatabase(spec.schema());
        this.info = info;
        this.store = store;
        this.options = options;
        this.spec = spec;
        this.heartbeat = heartbeat;
    }

    public long id() {
        return id;
    }

    public DatabaseUrl url() {
        return url;
    }

    public String schema() {
        return spec.schema();
    }

    public ServerInfo info() {
        return info;
    }

    public SidecarStore store() {
        return store;
    }

    public MigrationOptions options() {
        return options;
    }

    public DeploySpec spec() {
        return spec;
    }

    public void beat() {
        heartbeat.beat();
    }

    /** The pending control request seen at the last heartbeat (e.g. {@code cutover}), or null. */
    public String control() {
        return control.get();
    }

    /** A new connection to the target schema, tracked until {@link #close(Connection)}. */
    public Connection open() {
        Connection c = Connections.open(url);
        open.add(c);
        return c;
    }

    public void close(Connection c) {
        if (c == null) {
            return;
        }
        open.remove(c);
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** Cuts every open connection (crash simulation and shutdown). */
    void abortAll() {
        for (Connection c : open) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // best effort
            }
        }
        open.clear();
    }

    /** {@code dr=12 schema=app}, the prefix of every log line of this driver. */
    public String tag() {
        return "dr=" + id + " schema=" + spec.schema();
    }
}
