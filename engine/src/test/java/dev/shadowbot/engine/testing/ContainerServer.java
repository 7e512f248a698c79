package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.DatabaseUrl;
import org.testcontainers.mysql.MySQLContainer;

/** MySQL 8.4 in a container (Testcontainers), with ROW binlog and GTIDs; used where Docker exists. */
final class ContainerServer implements TestServer {
    private final MySQLContainer container;

    @SuppressWarnings("resource")
    ContainerServer() {
        container = new MySQLContainer("mysql:8.4")
                .withUsername("root")
                .withPassword("shadowbot")
                .withCommand("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL",
                        "--server-id=1", "--gtid-mode=ON", "--enforce-gtid-consistency=ON");
        container.start();
    }

    static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    @Override
    public DatabaseUrl url() {
        return DatabaseUrl.parse("mysql://root:shadowbot@" + container.getHost() + ":"
                + container.getMappedPort(3306) + "/");
    }

    @Override
    public String description() {
        return "MySQL 8.4 (Testcontainers)";
    }

    @Override
    public void close() {
        container.stop();
    }
}
