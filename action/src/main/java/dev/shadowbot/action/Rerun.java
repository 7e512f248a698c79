package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.schema.SchemaLoader;
import dev.shadowbot.engine.store.RequestNotes;
import dev.shadowbot.engine.store.SidecarStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Re-running the same {@code deploy} (same database, same schema folder content) after a crash continues
 * the unfinished request from its checkpoint, with the intent it was started with; a different desired
 * schema is refused while a request of that database has not cut over, naming it. The desired schema is
 * identified by a SHA-256 over the folder's {@code .sql} files (path and content, in path order).
 */
final class Rerun {
    private Rerun() {
    }

    /** The fingerprint of the desired schema for database {@code schema}. */
    static String fingerprint(String schema, Path schemaDir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(schema.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> f : SchemaLoader.readFiles(schemaDir).entrySet()) {
                sha.update((byte) 0);
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /**
     * The open request this deploy continues (same fingerprint), or empty when there is none; CONFLICT
     * (exit 4, nothing stored) when the database has an open request for another desired schema.
     */
    static Optional<RequestNotes.Open> continued(DatabaseUrl url, String fingerprint) {
        String schema = url.database();
        Optional<RequestNotes.Open> open;
        try (Connection c = Connections.open(url)) {
            open = RequestNotes.openBeforeCutover(c, schema);
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the open deploy requests: " + e.getMessage(),
                    "check the connection and the user's SELECT privilege on `_shadowbot`", e);
        }
        if (open.isEmpty()) {
            return Optional.empty();
        }
        long id = open.get().id();
        Optional<RequestNotes.Origin> origin;
        try (SidecarStore store = SidecarStore.open(url)) {
            origin = store.notes().origin(id);
        }
        if (origin.isPresent() && origin.get().fingerprint().equals(fingerprint)) {
            return open;
        }
        throw new ShadowbotException(ErrorCode.CONFLICT, "deploy request " + id + " of `" + schema + "` is still open ("
                + open.get().status() + ") for " + (origin.isPresent() ? "another version of the schema folder"
                : "a change started elsewhere (the bot or another tool)") + "; nothing was changed",
                "finish it first ('shadowbot cutover --id " + id + "' or 'shadowbot cancel --id " + id + "'), or re-run"
                        + " deploy with the schema folder it was started from to continue it");
    }
}
