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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.CreateTable;

/**
 * Loads a schema folder: every {@code *.sql} file below it, in path order. Each statement must be a
 * CREATE TABLE; {@code SET …} statements, comments and conditional comments from dumps are skipped.
 * JSqlParser checks the syntax and finds the table name; the statement text itself is kept exactly as
 * written (the structure is read back from a real server later, see {@link Planner}).
 */
public final class SchemaLoader {
    private static final Pattern WS = Pattern.compile("\\s+");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)^CREATE\\s+TABLE\\b.*", Pattern.DOTALL);
    private static final Pattern CREATE_TABLE_COPY =
            Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?\\S+\\s*(\\(\\s*)?LIKE\\b.*");
    private static final Pattern IGNORED = Pattern.compile("(?i)^SET\\b.*", Pattern.DOTALL);

    private SchemaLoader() {
    }

    /** Reads every {@code *.sql} file under {@code dir} (recursively). Throws BAD_INPUT when the folder is unreadable. */
    public static SchemaSource load(Path dir) {
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
        return fromFiles(files);
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
        Map<String, TableSource> byName = new HashMap<>();
        for (Map.Entry<String, String> file : new TreeMap<>(relativePathToContent).entrySet()) {
            for (TableSource t : loadFile(file.getKey(), file.getValue(), problems)) {
                // Table names are case-sensitive on Linux servers, but two spellings of one name
                // would collide on servers with lower_case_table_names=1: treat them as one.
                TableSource earlier = byName.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t);
                if (earlier != null) {
                    problems.add(new SourceProblem(t.file(), t.line(), 1, SourceProblem.DUPLICATE_TABLE,
                            "table `" + t.name() + "` is defined twice: here and at " + earlier.location()));
                } else {
                    tables.add(t);
                }
            }
        }
        return new SchemaSource(tables, problems);
    }

    private static List<TableSource> loadFile(String file, String content, List<SourceProblem> problems) {
        List<SqlSplitter.Statement> statements;
        try {
            statements = SqlSplitter.split(content.startsWith("\uFEFF") ? content.substring(1) : content);
        } catch (SqlSplitter.UnterminatedException e) {
            problems.add(new SourceProblem(file, e.line, e.column, SourceProblem.PARSE_ERROR, e.getMessage()));
            return List.of();
        }
        List<TableSource> tables = new ArrayList<>();
        for (SqlSplitter.Statement st : statements) {
            String sig = WS.matcher(st.significant()).replaceAll(" ").trim();
            if (st.conditional() || sig.isEmpty() || IGNORED.matcher(sig).matches()) {
                continue;
            }
            if (!CREATE_TABLE.matcher(sig).matches() || CREATE_TABLE_COPY.matcher(sig).matches()) {
                problems.add(new SourceProblem(file, st.line(), st.column(), SourceProblem.UNSUPPORTED_STATEMENT,
                        "only CREATE TABLE statements with a column list are supported here, found: "
                                + summary(sig)));
                continue;
            }
            TableSource t = parseCreate(file, st, problems);
            if (t != null) {
                tables.add(t);
            }
        }
        return tables;
    }

    private static TableSource parseCreate(String file, SqlSplitter.Statement st, List<SourceProblem> problems) {
        CreateTableSyntax.Result r = CreateTableSyntax.check(st.text());
        if (!r.ok()) {
            int line = st.line() + r.line() - 1;
            int column = r.line() == 1 ? st.column() + r.column() - 1 : r.column();
            problems.add(new SourceProblem(file, line, column, SourceProblem.PARSE_ERROR, r.message()));
            return null;
        }
        Statement parsed = r.statement();
        if (!(parsed instanceof CreateTable create) || create.getTable() == null) {
            problems.add(new SourceProblem(file, st.line(), st.column(), SourceProblem.UNSUPPORTED_STATEMENT,
                    "only CREATE TABLE statements are supported here"));
            return null;
        }
        if (create.isUnlogged() || st.significant().toUpperCase(Locale.ROOT).matches("^CREATE\\s+TEMPORARY.*")) {
            problems.add(new SourceProblem(file, st.line(), st.column(), SourceProblem.UNSUPPORTED_STATEMENT,
                    "temporary tables are not part of a schema"));
            return null;
        }
        if (create.getColumnDefinitions() == null || create.getColumnDefinitions().isEmpty()) {
            problems.add(new SourceProblem(file, st.line(), st.column(), SourceProblem.UNSUPPORTED_STATEMENT,
                    "CREATE TABLE without a column list (… AS SELECT) is not supported: write the columns"));
            return null;
        }
        if (create.getTable().getSchemaName() != null) {
            problems.add(new SourceProblem(file, st.line(), st.column(), SourceProblem.UNSUPPORTED_STATEMENT,
                    "table `" + unquote(create.getTable().getName()) + "` names a schema ("
                            + unquote(create.getTable().getSchemaName())
                            + "): leave it out, the folder maps to one database"));
            return null;
        }
        String written = CreateTableSyntax.writtenName(st.text());
        String name = written == null ? unquote(create.getTable().getName()) : unquote(written.trim());
        if (SchemaReader.isIgnored(name)) {
            problems.add(new SourceProblem(file, st.line(), st.column(), SourceProblem.UNSUPPORTED_STATEMENT,
                    "table name `" + name + "` is reserved for online schema change tools"
                            + " (_shadowbot_*, *_shadowbot_<n>_old/new/rev, _*_gho, _*_ghc, _*_new, _*_old, _*_del): choose another name"));
            return null;
        }
        return new TableSource(name, st.text(), file, st.line());
    }

    static String unquote(String name) {
        if (name.length() >= 2 && (name.startsWith("`") && name.endsWith("`")
                || name.startsWith("\"") && name.endsWith("\""))) {
            char q = name.charAt(0);
            return name.substring(1, name.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        }
        return name;
    }

    private static String summary(String sig) {
        String s = sig.length() > 60 ? sig.substring(0, 60) + "…" : sig;
        return s;
    }
}
