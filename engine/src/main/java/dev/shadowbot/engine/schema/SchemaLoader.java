package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.ShadowbotException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads a schema folder: every {@code *.sql} file below it, in path order, split into statements by
 * {@link SqlSplitter}. CREATE TABLE statements are kept exactly as written, for the workspace server
 * to judge (see {@link Planner}); statements that change nothing ({@code SET}, {@code LOCK TABLES},
 * a dump's {@code DROP TABLE IF EXISTS} before its CREATE TABLE) are skipped and noted; anything else
 * is a problem at its file:line:column (see {@link StatementClassifier}).
 */
public final class SchemaLoader {
    private SchemaLoader() {
    }

    /** Reads every {@code *.sql} file under {@code dir} (recursively). Throws BAD_INPUT when the folder is unreadable. */
    public static SchemaSource load(Path dir) {
        return fromFiles(readFiles(dir));
    }

    /** Every {@code *.sql} file under {@code dir} (recursively) by path relative to it, in path order. */
    public static Map<String, String> readFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw ShadowbotException.badInput("schema folder " + dir + " does not exist or is not a folder",
                    "pass the folder that holds your CREATE TABLE files with --schema-dir");
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql")).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                files.put(rel, readUtf8(p, rel));
            }
        } catch (IOException e) {
            throw ShadowbotException.badInput("cannot read schema folder " + dir + ": " + e.getMessage(),
                    "check that the folder and its files are readable");
        }
        return files;
    }

    private static String readUtf8(Path p, String rel) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString();
        } catch (CharacterCodingException e) {
            throw ShadowbotException.badInput(rel + ":1:1: file is not valid UTF-8", "save the file as UTF-8");
        }
    }

    /** Loads from memory: relative path to file content. Files are processed in path order. */
    public static SchemaSource fromFiles(Map<String, String> relativePathToContent) {
        List<TableSource> tables = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        List<IgnoredStatements> ignored = new ArrayList<>();
        List<PendingDrop> drops = new ArrayList<>();
        Map<String, TableSource> byName = new HashMap<>();
        Map<String, Map<String, IgnoredStatements>> notesByFile = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : new TreeMap<>(relativePathToContent).entrySet()) {
            Map<String, IgnoredStatements> notes = notesByFile.computeIfAbsent(file.getKey(), f -> new LinkedHashMap<>());
            for (TableSource t : loadFile(file.getKey(), file.getValue(), problems, notes, drops)) {
                // Table names are case-sensitive on Linux servers, but two spellings of one name
                // would collide on servers with lower_case_table_names=1: treat them as one.
                TableSource earlier = byName.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t);
                if (earlier != null) {
                    problems.add(new SourceProblem(t.file(), t.line(), t.column(), SourceProblem.DUPLICATE_TABLE,
                            "table `" + t.name() + "` is defined twice: here and at " + earlier.location()));
                } else {
                    tables.add(t);
                }
            }
        }
        for (PendingDrop d : drops) {
            List<String> notCreated = d.tables().stream()
                    .filter(n -> !byName.containsKey(n.toLowerCase(Locale.ROOT))).toList();
            if (notCreated.isEmpty()) {
                note(d.notes(), d.file(), d.statement(), "DROP TABLE");
            } else {
                problems.add(new SourceProblem(d.file(), d.statement().line(), d.statement().column(),
                        SourceProblem.UNSUPPORTED_STATEMENT, "DROP TABLE of `" + String.join("`, `", notCreated)
                        + "`, which no file creates: schema files are declarative, so a table is dropped by deleting"
                        + " its CREATE TABLE; remove this statement"));
            }
        }
        notesByFile.values().forEach(n -> ignored.addAll(n.values()));
        problems.sort(java.util.Comparator.comparing(SourceProblem::file).thenComparingInt(SourceProblem::line)
                .thenComparingInt(SourceProblem::column));
        return new SchemaSource(tables, problems, ignored);
    }

    /** A DROP TABLE, judged once every file is read: a no-op when the folder creates each table it names. */
    private record PendingDrop(String file, SqlSplitter.Statement statement, List<String> tables,
                               Map<String, IgnoredStatements> notes) {
    }

    private static List<TableSource> loadFile(String file, String content, List<SourceProblem> problems,
                                              Map<String, IgnoredStatements> notes, List<PendingDrop> drops) {
        List<SqlSplitter.Statement> statements;
        try {
            statements = SqlSplitter.split(content.startsWith("\uFEFF") ? content.substring(1) : content);
        } catch (SqlLexer.SplitException e) {
            problems.add(new SourceProblem(file, e.line, e.column, SourceProblem.PARSE_ERROR, e.getMessage()));
            return List.of();
        }
        List<TableSource> tables = new ArrayList<>();
        for (SqlSplitter.Statement st : statements) {
            StatementClassifier.Verdict v = StatementClassifier.classify(file, st);
            if (v instanceof StatementClassifier.Table t) {
                tables.add(t.table());
            } else if (v instanceof StatementClassifier.Ignored i) {
                note(notes, file, st, i.kind());
            } else if (v instanceof StatementClassifier.Drop d) {
                drops.add(new PendingDrop(file, st, d.tables(), notes));
            } else if (v instanceof StatementClassifier.Refused r) {
                problems.add(new SourceProblem(file, st.line(), st.column(), r.code(), r.message()));
            }
        }
        return tables;
    }

    private static void note(Map<String, IgnoredStatements> notes, String file, SqlSplitter.Statement st, String kind) {
        notes.merge(kind, new IgnoredStatements(file, st.line(), st.column(), kind, 1),
                (a, b) -> new IgnoredStatements(a.file(), a.line(), a.column(), a.kind(), a.count() + 1));
    }
}
