package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.db.ServerInfo;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A fresh, uniquely named schema on the shared test server, dropped when the test ends. */
public final class TestDb implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestServer server;
    private final String schema;

    TestDb(TestServer server) {
        this.server = server;
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        this.schema = "sbt_" + HexFormat.of().formatHex(b);
        try (Connection c = Connections.open(server.url()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + Identifiers.quote(schema));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fresh schema on the shared test server, for tests the JUnit extension does not reach (jqwik
     * properties). The caller closes it.
     */
    public static TestDb fresh() {
        return new TestDb(TestServers.server());
    }

    /** The schema's name. */
    public String schema() {
        return schema;
    }

    /** URL with this schema as default database. */
    public DatabaseUrl url() {
        return server.url().withDatabase(schema);
    }

    /** Root URL of the server (no default database). */
    public DatabaseUrl serverUrl() {
        return server.url();
    }

    public ServerInfo info() {
        return TestServers.info();
    }

    /** A new connection with this schema as default; the caller closes it. */
    public Connection connect() {
        return Connections.open(url());
    }

    /** Runs statements in this schema. */
    public void exec(String... sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs a query and returns every row as a list of column strings. */
    public List<List<String>> query(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row. */
    public String scalar(String sql) {
        List<List<String>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    @Override
    public void close() {
        try (Connection c = Connections.open(server.url()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(schema));
        } catch (SQLException | RuntimeException e) {
            // The server may be gone at JVM exit; a leftover test schema is harmless.
        }
    }
}
