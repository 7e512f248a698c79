package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diff's proof: for every pair under {@code schema-corpus/<case>/{a.sql,b.sql}}, in both
 * directions, build the "from" schema, plan against "to", run the plan's DDL, and the result must
 * be exactly "to"'s canonical form; planning again must find nothing to do.
 *
 * <p>Optional files in a case folder: {@code no-changes} (the two sides differ only cosmetically, the
 * plan must be empty), {@code skip-mysql} / {@code skip-mariadb} (the construct exists on one server
 * only; the file's text is the reason, shown in the skip message).
 */
@RealDatabase
class SchemaCorpusIT {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path root = Path.of(SchemaCorpusIT.class.getResource("/schema-corpus").toURI());
        List<Arguments> out = new ArrayList<>();
        // -Dcorpus.only=067 runs the cases whose name contains that text (for iterating on one case).
        String only = System.getProperty("corpus.only", "");
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!d.getFileName().toString().contains(only)) {
                    continue;
                }
                out.add(Arguments.of(d.getFileName().toString(), "a.sql", "b.sql"));
                out.add(Arguments.of(d.getFileName().toString(), "b.sql", "a.sql"));
            }
        }
        assertTrue(!only.isEmpty() || out.size() >= 120, "the corpus has at least 60 pairs, found " + out.size() / 2);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("cases")
    void planTurnsOneSchemaIntoTheOther(String name, String from, String to, TestDb db, TestDb reference)
            throws Exception {
        Path dir = Path.of(SchemaCorpusIT.class.getResource("/schema-corpus/" + name).toURI());
        skipIfServerSpecific(dir, db);
        SchemaSource fromSource = load(dir, from);
        SchemaSource toSource = load(dir, to);
        assertEquals(List.of(), fromSource.problems());
        assertEquals(List.of(), toSource.problems());
        create(db, fromSource);
        create(reference, toSource);

        Plan plan = Planner.plan(toSource, db.url());
        boolean cosmetic = Files.exists(dir.resolve("no-changes"));
        assertEquals(!cosmetic, plan.hasChanges(), () -> "plan: " + plan.allDdl());
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String ddl : plan.allDdl()) {
                try {
                    st.execute(ddl);
                } catch (SQLException e) {
                    throw new AssertionError("plan statement failed: " + ddl + "\n -> " + e.getMessage()
                            + "\nwhole plan: " + plan.allDdl(), e);
                }
            }
        }
        Map<String, String> got = canonical(db);
        Map<String, String> want = canonical(reference);
        assertEquals(want, got, () -> "after running " + plan.allDdl());
        assertSameCharsets(db, reference);

        Plan again = Planner.plan(toSource, db.url());
        assertFalse(again.hasChanges(), () -> "re-plan after " + plan.allDdl() + " still wants " + again.allDdl());
    }

    private static void skipIfServerSpecific(Path dir, TestDb db) throws IOException {
        Path skip = dir.resolve(db.info().isMariaDb() ? "skip-mariadb" : "skip-mysql");
        if (Files.exists(skip)) {
            Assumptions.abort("not on " + db.info().displayName() + ": " + Files.readString(skip).trim());
        }
    }

    static SchemaSource load(Path dir, String file) throws IOException {
        return SchemaLoader.fromFiles(Map.of(file, Files.readString(dir.resolve(file))));
    }

    static void create(TestDb db, SchemaSource source) {
        List<String> sql = new ArrayList<>();
        sql.add("SET foreign_key_checks = 0");
        source.tables().forEach(t -> sql.add(t.createSql()));
        db.exec(sql.toArray(String[]::new));
    }

    static Map<String, String> canonical(TestDb db) throws SQLException {
        try (Connection c = db.connect()) {
            Map<String, String> out = new TreeMap<>();
            SchemaReader.read(c, db.schema()).forEach((k, v) -> out.put(k, v.createStatement()));
            return out;
        }
    }

    private static void assertSameCharsets(TestDb db, TestDb reference) throws SQLException {
        try (Connection a = db.connect(); Connection b = reference.connect()) {
            Map<String, TableModel> got = SchemaReader.read(a, db.schema());
            Map<String, TableModel> want = SchemaReader.read(b, reference.schema());
            for (Map.Entry<String, TableModel> e : want.entrySet()) {
                assertTrue(e.getValue().sameStructure(got.get(e.getKey())),
                        () -> "columns of " + e.getKey() + " differ in charset or collation");
            }
        }
    }
}
