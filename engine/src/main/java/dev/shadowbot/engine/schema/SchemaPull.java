package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a database's live schema into a schema folder, one canonical CREATE TABLE (the server's own
 * {@code SHOW CREATE TABLE}, without the auto-increment counter) per table: the first step for a
 * team with an existing database, and the way to take in changes made outside shadowbot. In an
 * existing folder, a file that defines live tables is rewritten with their canonical statements, a
 * file whose tables are all gone is removed, a new table gets its own {@code <table>.sql}, and files
 * that define no table are never touched. {@code plan} right after a pull finds no changes.
 */
public final class SchemaPull {
    private SchemaPull() {
    }

    /**
     * What a pull did.
     *
     * @param database  the database that was read
     * @param directory the schema folder
     * @param tables    how many tables the database has (leftovers of schema-change tools excluded)
     * @param written   files created or rewritten, relative to the folder, in path order
     * @param removed   files removed because every table they defined is gone
     * @param unchanged files that already held exactly the canonical text
     */
    public record Result(String database, Path directory, int tables, List<String> written, List<String> removed,
                         List<String> unchanged) {
        public Result {
            written = List.copyOf(written);
            removed = List.copyOf(removed);
            unchanged = List.copyOf(unchanged);
        }
    }

    /** Pulls the database named in {@code url} into {@code dir} (created when missing). */
    public static Result pull(DatabaseUrl url, Path dir) {
        String schema = Planner.schemaOf(url);
        try (Connection c = Connections.open(url.withDatabase(""))) {
            return pull(c, schema, dir);
        } catch (SQLException e) {
            throw ShadowbotException.database("reading the schema of " + url + " failed: " + e.getMessage(),
                    "check that the user may read information_schema and SHOW CREATE TABLE", e);
        }
    }

    /** Pulls {@code schema} on an open connection (its session settings are adjusted for SHOW CREATE TABLE). */
    public static Result pull(Connection connection, String schema, Path dir) throws SQLException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw ShadowbotException.badInput(dir + " is a file, not a folder", "pass a folder to --schema-dir");
        }
        Workspace.prepareSession(connection);
        if (!SchemaReader.exists(connection, schema)) {
            throw ShadowbotException.badInput("database `" + schema + "` does not exist on the server",
                    "check the database name in the URL");
        }
        Map<String, TableModel> live = SchemaReader.read(connection, schema);
        SchemaSource existing = Files.isDirectory(dir) ? SchemaLoader.load(dir) : null;
        Map<String, List<String>> plan = assign(live, existing, dir);
        Map<String, String> leading = existing == null ? Map.of() : leadingComments(existing, dir);
        List<String> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, List<String>> f : plan.entrySet()) {
                Path path = dir.resolve(f.getKey());
                if (f.getValue().isEmpty()) {
                    Files.delete(path);
                    removed.add(f.getKey());
                    continue;
                }
                StringBuilder text = new StringBuilder();
                for (String table : f.getValue()) {
                    text.append(text.isEmpty() ? "" : "\n").append(leading.getOrDefault(table.toLowerCase(Locale.ROOT), ""))
                            .append(live.get(table).createStatement()).append(";\n");
                }
                if (Files.isRegularFile(path) && Files.readString(path, StandardCharsets.UTF_8).contentEquals(text)) {
                    unchanged.add(f.getKey());
                    continue;
                }
                Files.createDirectories(path.getParent());
                // Write beside it and move over it: never a half-written file, and a symlink is replaced,
                // not written through.
                Path tmp = Files.createTempFile(path.getParent(), ".shadowbot-pull-", ".tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(f.getKey());
            }
        } catch (IOException e) {
            throw ShadowbotException.badInput("cannot write the schema folder " + dir + ": " + e.getMessage(),
                    "check that the folder is writable");
        }
        return new Result(schema, dir, live.size(), written, removed, unchanged);
    }

    /**
     * File → the live tables it gets, in path order; an empty list means "remove the file". Tables
     * stay in the file that defines them now; other tables get a new file named after them.
     */
    static Map<String, List<String>> assign(Map<String, TableModel> live, SchemaSource existing, Path dir) {
        Map<String, String> liveByKey = new HashMap<>();
        live.keySet().forEach(t -> liveByKey.put(t.toLowerCase(Locale.ROOT), t));
        Map<String, List<String>> out = new TreeMap<>();
        Set<String> placed = new HashSet<>();
        if (existing != null) {
            Map<String, List<String>> byFile = new LinkedHashMap<>();
            for (TableSource t : existing.tables()) {
                byFile.computeIfAbsent(t.file(), f -> new ArrayList<>()).add(t.name());
            }
            for (Map.Entry<String, List<String>> f : byFile.entrySet()) {
                List<String> keep = new ArrayList<>();
                for (String name : f.getValue()) {
                    String t = liveByKey.get(name.toLowerCase(Locale.ROOT));
                    if (t != null && placed.add(t)) {
                        keep.add(t);
                    }
                }
                out.put(f.getKey(), keep);
            }
        }
        for (String t : live.keySet()) {
            if (placed.add(t)) {
                String base = fileName(t);
                String name = base + ".sql";
                for (int n = 2; out.containsKey(name) || Files.exists(dir.resolve(name)); n++) {
                    name = base + "-" + n + ".sql";
                }
                out.put(name, new ArrayList<>(List.of(t)));
            }
        }
        return out;
    }

    /**
     * The comment lines right above each table's CREATE TABLE (by lower-cased name), kept when its
     * file is rewritten: {@code -- shadowbot:ignore} suppressions and the team's notes live there.
     */
    static Map<String, String> leadingComments(SchemaSource existing, Path dir) {
        Map<String, String> out = new HashMap<>();
        Map<String, List<String>> lines = new HashMap<>();
        for (TableSource t : existing.tables()) {
            List<String> file = lines.computeIfAbsent(t.file(), f -> {
                try {
                    return Files.readString(dir.resolve(f), StandardCharsets.UTF_8).lines().toList();
                } catch (IOException e) {
                    return List.of();
                }
            });
            int first = t.line() - 1;
            while (first > 0 && isCommentLine(file.get(first - 1))) {
                first--;
            }
            if (t.column() == 1 && first < t.line() - 1) {
                out.put(t.name().toLowerCase(Locale.ROOT), String.join("\n", file.subList(first, t.line() - 1)) + "\n");
            }
        }
        return out;
    }

    private static boolean isCommentLine(String line) {
        String l = line.strip();
        return l.startsWith("#") || l.startsWith("-- ") || l.equals("--");
    }

    /**
     * A file name for a table: letters, digits, {@code _}, {@code $} and {@code -} as they are, every
     * other character as {@code @xxxx} (its UTF-16 code in hex, as the server names its own files), so
     * no table name can reach outside the folder.
     */
    static String fileName(String table) {
        StringBuilder b = new StringBuilder();
        for (char c : table.toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c == '-') {
                b.append(c);
            } else {
                b.append('@').append(String.format("%04x", (int) c));
            }
        }
        return b.toString();
    }
}
