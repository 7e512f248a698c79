package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.ServerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Picks the one server all tests of this JVM use, starts it once and stops it at exit.
 *
 * <p>Order: Testcontainers MySQL 8.4 when Docker is available; else the server named by
 * {@code SHADOWBOT_TEST_DB_URL}; else an embedded server chosen by {@code SHADOWBOT_TEST_DB}
 * ({@code mariadb}, the default, or {@code mysql}). Setting {@code SHADOWBOT_TEST_DB} to
 * {@code container}, {@code url}, {@code mariadb} or {@code mysql} forces that choice, so CI can run
 * the same suite on each server in turn.
 */
public final class TestServers {
    private static TestServer server;
    private static ServerInfo info;
    private static RuntimeException failure;

    private TestServers() {
    }

    /** The shared server, started on first use. Throws if none can be had. */
    public static synchronized TestServer server() {
        if (server != null) {
            return server;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            server = choose();
            try (Connection c = Connections.open(server.url())) {
                info = ServerInfo.detect(c);
            }
            System.out.println("[shadowbot-test] database: " + server.description() + " — " + info.version());
            TestServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shadowbot-test-db-stop"));
            return server;
        } catch (RuntimeException | SQLException e) {
            failure = new IllegalStateException("no test database could be started: " + e.getMessage(), e);
            throw failure;
        }
    }

    /** Version and flavour of the shared server. */
    public static synchronized ServerInfo info() {
        server();
        return info;
    }

    private static TestServer choose() {
        String forced = env("SHADOWBOT_TEST_DB").toLowerCase(Locale.ROOT);
        String url = env("SHADOWBOT_TEST_DB_URL");
        switch (forced) {
            case "container":
                return new ContainerServer();
            case "url":
                if (url.isEmpty()) {
                    throw new IllegalStateException("SHADOWBOT_TEST_DB=url but SHADOWBOT_TEST_DB_URL is empty");
                }
                return new UrlServer(url);
            case "mysql":
                return new EmbeddedMySqlServer();
            case "mariadb":
                return new EmbeddedMariaDbServer();
            case "":
                break;
            default:
                throw new IllegalStateException("SHADOWBOT_TEST_DB must be container, url, mariadb or mysql, not '"
                        + forced + "'");
        }
        if (dockerLikely() && ContainerServer.dockerAvailable()) {
            return new ContainerServer();
        }
        if (!url.isEmpty()) {
            return new UrlServer(url);
        }
        return new EmbeddedMariaDbServer();
    }

    /** Cheap check before asking Testcontainers, which is slow to say no. */
    private static boolean dockerLikely() {
        return !env("DOCKER_HOST").isEmpty() || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }

    static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v.trim();
    }

    /** With CI=true a missing database fails the test instead of skipping it. */
    static boolean inCi() {
        return "true".equalsIgnoreCase(env("CI"));
    }
}
