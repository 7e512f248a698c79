package dev.shadowbot.engine.faults;

import dev.shadowbot.engine.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fault injection from another session: find a connection in the processlist and KILL it. */
final class Faults {
    private Faults() {
    }

    /** A connection seen in the processlist. */
    record Seen(long id, String command, String state, String info) {
    }

    /**
     * Polls the processlist (on {@code c}, which must not be the victim) until a connection matching
     * {@code where} (SQL over ID, DB, COMMAND, STATE, INFO) appears, or {@code millis} pass.
     */
    static Optional<Seen> await(Connection c, String where, long millis) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, COMMAND, STATE, INFO FROM information_schema.PROCESSLIST"
                + " WHERE ID <> CONNECTION_ID() AND (" + where + ") ORDER BY ID LIMIT 1")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new Seen(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
                Thread.sleep(0, 200_000);
            }
        }
        return Optional.empty();
    }

    /** {@code KILL <id>}: the whole connection, as an operator or a crashing proxy would. */
    static void kill(Connection c, long id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("KILL " + id);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1094) { // unknown thread: it ended meanwhile
                throw e;
            }
        }
    }

    /** Every table of the schema with its columns and indexes, to compare before and after a refused change. */
    static List<List<String>> schemaSnapshot(TestDb db) {
        List<List<String>> out = new ArrayList<>(db.query("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,"
                + " COALESCE(COLUMN_DEFAULT, '<null>') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + db.schema() + "' ORDER BY TABLE_NAME, ORDINAL_POSITION"));
        out.addAll(db.query("SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SEQ_IN_INDEX FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = '" + db.schema() + "' ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"));
        return out;
    }

    /** Appends a line of figures for bench/RELIABILITY.md (target/reliability/faults.txt). */
    static synchronized void record(String line) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Files.writeString(dir.resolve("faults.txt"), line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
