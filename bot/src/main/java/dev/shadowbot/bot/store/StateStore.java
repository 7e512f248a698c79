package dev.shadowbot.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The bot's state database: a connection pool plus the schema, created on start. The URL must name a
 * database (schema) the bot may create tables in.
 */
public final class StateStore implements AutoCloseable {
    private final HikariDataSource pool;
    private final DatabaseUrl url;

    private StateStore(HikariDataSource pool, DatabaseUrl url) {
        this.pool = pool;
        this.url = url;
    }

    /** Opens the pool, checks the connection and creates missing tables. */
    public static StateStore open(DatabaseUrl url, int poolSize) {
        if (url.databaseName().isEmpty()) {
            throw ShadowbotException.badInput("the state database URL " + url + " names no database",
                    "add the database to the URL, e.g. mysql://bot:pass@host:3306/shadowbot");
        }
        // Fail fast with the engine's clear connect message before the pool retries quietly.
        try (Connection probe = Connections.open(url)) {
            probe.isValid(2);
        } catch (SQLException e) {
            throw Connections.connectFailure(url, e);
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url.jdbcUrl());
        java.util.Properties props = url.driverProperties();
        // Track autocommit/isolation locally instead of asking the server on every transaction.
        props.putIfAbsent("useLocalSessionState", "true");
        props.putIfAbsent("cachePrepStmts", "true");
        hc.setDataSourceProperties(props);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("shadowbot-state");
        hc.setConnectionTimeout(10_000);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource pool = new HikariDataSource(hc);
        StateStore store = new StateStore(pool, url);
        store.createSchema();
        return store;
    }

    private void createSchema() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            for (String ddl : StateSql.SCHEMA) {
                st.execute(ddl);
            }
            DeployProgress.createTable(c);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot create the bot's tables in " + url + ": " + e.getMessage(),
                    "grant the bot's user CREATE, SELECT, INSERT, UPDATE and DELETE on that database", e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseUrl url() {
        return url;
    }

    public Inbox inbox() {
        return new Inbox(pool);
    }

    public DeployQueue deployQueue() {
        return new DeployQueue(pool);
    }

    public PullRequests pullRequests() {
        return new PullRequests(pool);
    }

    public DeployProgress progress() {
        return new DeployProgress(pool);
    }

    public Installations installations() {
        return new Installations(pool);
    }

    public StoreHealth health() {
        return new StoreHealth(pool);
    }

    @Override
    public void close() {
        pool.close();
    }
}
