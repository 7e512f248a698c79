package dev.shadowbot.action;

import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.EmbeddedMariaDb;
import java.io.PrintWriter;

/**
 * The database a command works on: the one named by {@code --database}, or, when none is given and
 * the command allows it, a throw-away embedded MariaDB (announced on stderr). Close it when done.
 */
final class DatabaseTarget implements AutoCloseable {
    private final DatabaseUrl url;
    private final EmbeddedMariaDb embedded;

    private DatabaseTarget(DatabaseUrl url, EmbeddedMariaDb embedded) {
        this.url = url;
        this.embedded = embedded;
    }

    /** Opens the named database, or starts an embedded one when {@code database} is null. */
    static DatabaseTarget resolve(String database, String embeddedSchema, PrintWriter err) {
        if (database != null) {
            return new DatabaseTarget(DatabaseUrl.parse(database), null);
        }
        err.println("shadowbot: no --database given: starting an embedded MariaDB (" + EmbeddedMariaDb.VERSION
                + ") with an empty '" + embeddedSchema + "' database; this takes a few seconds");
        err.flush();
        EmbeddedMariaDb db = EmbeddedMariaDb.start();
        return new DatabaseTarget(db.url().withDatabase(embeddedSchema), db);
    }

    DatabaseUrl url() {
        return url;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
