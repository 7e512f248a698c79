package dev.shadowbot.engine.bench;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.EmbeddedMariaDb;
import dev.shadowbot.engine.migration.DeploySpec;
import dev.shadowbot.engine.migration.DeployState;
import dev.shadowbot.engine.migration.MigrationService;
import dev.shadowbot.engine.migration.TableSpec;
import dev.shadowbot.engine.testing.WriteLoad;
import dev.shadowbot.engine.testing.WriteLoadTable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Time-to-staged on a sysbench-shaped table (not a test; run by bench/staged.sh). Prints one line of
 * key=value results. Uses SHADOWBOT_BENCH_URL when set, else an embedded MariaDB.
 *
 * <p>Arguments: rows (default 1000000), writers during the migration (default 0).
 */
public final class StagedBench {
    private StagedBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        String env = System.getenv("SHADOWBOT_BENCH_URL");
        EmbeddedMariaDb embedded = env == null || env.isBlank() ? EmbeddedMariaDb.start() : null;
        DatabaseUrl server = embedded != null ? embedded.url() : DatabaseUrl.parse(env).withDatabase("");
        String schema = "sbbench_" + System.currentTimeMillis();
        long maxId;
        try {
            try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + schema);
                st.execute("CREATE TABLE " + schema + ".sbtest1 (id BIGINT NOT NULL AUTO_INCREMENT, k INT NOT NULL DEFAULT 0,"
                        + " c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', v VARCHAR(64) NOT NULL DEFAULT '',"
                        + " n INT NULL, PRIMARY KEY (id), KEY k_1 (k))");
                long t0 = System.nanoTime();
                st.execute("INSERT INTO " + schema + ".sbtest1 (k, c, pad) VALUES (1, REPEAT('c', 119), REPEAT('p', 59))");
                long have = 1;
                while (have < rows) {
                    long add = Math.min(have, rows - have);
                    st.execute("INSERT INTO " + schema + ".sbtest1 (k, c, pad) SELECT FLOOR(RAND() * " + rows + "),"
                            + " MD5(RAND()), MD5(RAND()) FROM " + schema + ".sbtest1 LIMIT " + add);
                    have += add;
                }
                System.err.printf("bench: loaded %d rows in %.1f s%n", have, (System.nanoTime() - t0) / 1e9);
                try (var rs = st.executeQuery("SELECT MAX(id) FROM " + schema + ".sbtest1")) {
                    rs.next();
                    maxId = rs.getLong(1); // auto-increment leaves gaps: the writers' keys start above it
                }
            }
            WriteLoad load = new WriteLoad(server, new WriteLoadTable(schema, "sbtest1", List.of("id")), Math.max(1, writers),
                    maxId + 1, rows);
            if (writers > 0) {
                load.start();
            }
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                p.resetPeakUsage();
            }
            long start = System.nanoTime();
            long jvmCpu0 = jvmCpuNanos();
            long serverCpu0 = serverCpuTicks();
            DeployState staged;
            String phases = "";
            try (MigrationService service = MigrationService.connect(server)) {
                long id = service.start(new DeploySpec(schema,
                        List.of(new TableSpec("sbtest1", "ADD COLUMN x INT NOT NULL DEFAULT 0")), List.of())).id();
                staged = service.runUntilStaged(id, Duration.ofHours(1));
                phases += String.format(" jvm_cpu_s=%.1f", (jvmCpuNanos() - jvmCpu0) / 1e9);
                if (serverCpu0 >= 0) {
                    phases += String.format(" server_cpu_s=%.1f", (serverCpuTicks() - serverCpu0) / 100.0);
                }
                try (Connection c = Connections.open(server); Statement st = c.createStatement();
                     var rs = st.executeQuery("SELECT TIMESTAMPDIFF(MICROSECOND, copying_at, checksumming_at),"
                             + " TIMESTAMPDIFF(MICROSECOND, checksumming_at, staged_at) FROM _shadowbot.deploy_requests"
                             + " WHERE id = " + id)) {
                    if (rs.next()) {
                        phases += String.format(" copy_s=%.1f checksum_s=%.1f", rs.getLong(1) / 1e6, rs.getLong(2) / 1e6);
                    }
                }
                service.cancel(id, Duration.ofMinutes(1));
            } finally {
                load.close();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long peakHeap = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peakHeap += p.getPeakUsage().getUsed();
                }
            }
            System.out.printf("bench=staged rows=%d writers=%d state=%s time_to_staged_s=%.1f peak_heap_mib=%d max_heap_mib=%d"
                            + " acknowledged_writes=%d%s%n", rows, writers, staged.state(), secs, peakHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, load.acknowledged(), phases);
        } finally {
            try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + schema);
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** CPU time of this JVM (all threads): the decoder's and applier's share of the work. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime+stime (1/100 s) of the server named by SHADOWBOT_BENCH_SERVER_PID, or -1 when not given. */
    private static long serverCpuTicks() {
        String pid = System.getenv("SHADOWBOT_BENCH_SERVER_PID");
        if (pid == null || pid.isBlank()) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid.trim(), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
