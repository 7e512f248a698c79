package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema input as teams have it, run on the fixture's server: one folder per scenario under
 * {@code schema-scenarios/}, its {@code steps} file read line by line (a {@code mysql:} or
 * {@code mariadb:} prefix limits a step to that server; {@code #} starts a comment). Folders named in
 * steps are copied to a temporary directory first, so pulls may change them.
 * <ul>
 *   <li>{@code live FILE}: runs FILE's statements on the target database (DELIMITER understood);</li>
 *   <li>{@code plan DIR 0}: planning DIR against the target finds no change;</li>
 *   <li>{@code plan DIR apply}: planning finds changes; they run on the target in plan order, the
 *       target then equals DIR built from scratch, and a second plan finds nothing;</li>
 *   <li>{@code plan DIR rejected FILE:LINE:COLUMN TEXT}: the server refuses a statement, reported
 *       there with TEXT in its message (COLUMN may be {@code *});</li>
 *   <li>{@code plan DIR fk-order TEXT}: no order of the plan's statements works, and the plan says so
 *       with TEXT;</li>
 *   <li>{@code order DIR A < B}: in DIR's plan, the first statement containing A runs before the
 *       first containing B;</li>
 *   <li>{@code dump DIR}: {@code mariadb-dump --no-data} of the target, default options, into DIR;</li>
 *   <li>{@code pull DIR}: {@code shadowbot pull} of the target into DIR;</li>
 *   <li>{@code files DIR a.sql b.sql}: DIR holds exactly these files (any extension);</li>
 *   <li>{@code contains DIR/FILE TEXT}: the file holds TEXT.</li>
 * </ul>
 */
@RealDatabase
class SchemaScenarioIT {

    static Stream<String> scenarios() throws IOException, URISyntaxException {
        Path root = Path.of(SchemaScenarioIT.class.getResource("/schema-scenarios").toURI());
        String only = System.getProperty("scenario.only", "");
        try (Stream<Path> dirs = Files.list(root)) {
            List<String> out = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(n -> n.contains(only)).sorted().toList();
            assertTrue(!only.isEmpty() || out.size() >= 18, "expected the scenario folders, found " + out);
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, TestDb db, TestDb reference, @TempDir Path work) throws Exception {
        Path dir = Path.of(SchemaScenarioIT.class.getResource("/schema-scenarios/" + name).toURI());
        copy(dir, work);
        String flavor = db.info().isMariaDb() ? "mariadb" : "mysql";
        int n = 0;
        for (String raw : Files.readAllLines(work.resolve("steps"))) {
            String step = raw.strip();
            n++;
            if (step.isEmpty() || step.startsWith("#")) {
                continue;
            }
            if (step.startsWith("mysql:") || step.startsWith("mariadb:")) {
                if (!step.startsWith(flavor + ":")) {
                    continue;
                }
                step = step.substring(step.indexOf(':') + 1).strip();
            }
            String where = name + "/steps:" + n + " `" + step + "`";
            run(step.split("\\s+"), step, work, db, reference, where);
        }
    }

    private static void run(String[] w, String step, Path work, TestDb db, TestDb reference, String where)
            throws Exception {
        switch (w[0]) {
            case "live" -> exec(db, Files.readString(work.resolve(w[1])), where);
            case "plan" -> plan(w, step, work.resolve(w[1]), db, reference, where);
            case "order" -> {
                List<String> ddl = Planner.plan(SchemaLoader.load(work.resolve(w[1])), db.url()).allDdl();
                String[] pair = step.substring(step.indexOf(w[1]) + w[1].length()).split(" < ");
                int a = indexOf(ddl, pair[0].strip());
                int b = indexOf(ddl, pair[1].strip());
                assertTrue(a >= 0 && b >= 0 && a < b, where + ": plan order is " + ddl);
            }
            case "dump" -> dump(db, work.resolve(w[1]), where);
            case "pull" -> {
                SchemaPull.Result r = SchemaPull.pull(db.url(), work.resolve(w[1]));
                assertEquals(db.schema(), r.database(), where);
            }
            case "files" -> {
                List<String> want = List.of(w).subList(2, w.length).stream().sorted().toList();
                try (Stream<Path> files = Files.walk(work.resolve(w[1]))) {
                    List<String> got = files.filter(Files::isRegularFile).map(p -> work.resolve(w[1]).relativize(p)
                            .toString()).sorted().toList();
                    assertEquals(want, got, where);
                }
            }
            case "contains" -> {
                String text = step.substring(step.indexOf(w[1]) + w[1].length()).strip();
                String got = Files.readString(work.resolve(w[1]));
                assertTrue(got.contains(text), where + ": the file holds\n" + got);
            }
            default -> throw new AssertionError(where + ": unknown step");
        }
    }

    private static void plan(String[] w, String step, Path folder, TestDb db, TestDb reference, String where)
            throws Exception {
        SchemaSource source = SchemaLoader.load(folder);
        String expect = w[2];
        if (!expect.equals("rejected")) {
            assertEquals(List.of(), source.problems(), where);
        }
        switch (expect) {
            case "0" -> {
                Plan plan = Planner.plan(source, db.url());
                assertEquals(List.of(), plan.allDdl(), where + ": the plan should be empty");
                assertEquals(null, plan.orderProblem(), where);
            }
            case "apply" -> {
                Plan plan = Planner.plan(source, db.url());
                assertTrue(plan.hasChanges(), where + ": the plan should change something");
                assertEquals(null, plan.orderProblem(), where + ": " + plan.allDdl());
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    for (String ddl : plan.allDdl()) {
                        try {
                            st.execute(ddl);
                        } catch (SQLException e) {
                            throw new AssertionError(where + ": plan statement failed: " + ddl + "\n -> " + e.getMessage()
                                    + "\nwhole plan: " + plan.allDdl(), e);
                        }
                    }
                }
                SchemaCorpusIT.create(reference, source);
                assertEquals(SchemaCorpusIT.canonical(reference), SchemaCorpusIT.canonical(db), where + " after "
                        + plan.allDdl());
                Plan again = Planner.plan(source, db.url());
                assertFalse(again.hasChanges(), () -> where + ": re-plan still wants " + again.allDdl());
            }
            case "rejected" -> {
                SchemaRejectedException e = assertThrows(SchemaRejectedException.class,
                        () -> Planner.plan(source, db.url()), where);
                String[] at = w[3].split(":");
                String text = step.substring(step.indexOf(w[3]) + w[3].length()).strip();
                assertTrue(e.problems().stream().anyMatch(p -> p.file().equals(at[0])
                        && p.line() == Integer.parseInt(at[1]) && (at[2].equals("*") || p.column() == Integer.parseInt(at[2]))
                        && p.message().contains(text)), where + ": got " + e.problems());
            }
            case "fk-order" -> {
                Plan plan = Planner.plan(source, db.url());
                String text = step.substring(step.indexOf("fk-order") + "fk-order".length()).strip();
                assertTrue(plan.orderProblem() != null && plan.orderProblem().message().contains(text),
                        where + ": got " + plan.orderProblem() + " for " + plan.allDdl());
            }
            default -> throw new AssertionError(where + ": unknown expectation " + expect);
        }
    }

    private static int indexOf(List<String> ddl, String needle) {
        for (int i = 0; i < ddl.size(); i++) {
            if (ddl.get(i).contains(needle)) {
                return i;
            }
        }
        return -1;
    }

    private static void exec(TestDb db, String sql, String where) {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (SqlSplitter.Statement s : SqlSplitter.split(sql)) {
                try {
                    st.execute(s.text());
                } catch (SQLException e) {
                    throw new AssertionError(where + ": " + s.text() + " -> " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** mariadb-dump as a team runs it: default options plus --no-data. */
    private static void dump(TestDb db, Path into, String where) throws IOException, InterruptedException {
        Path tool = Stream.of("/usr/bin/mariadb-dump", "/usr/local/bin/mariadb-dump", "/usr/bin/mysqldump")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(tool != null, "skipped: " + where + " needs mariadb-dump (Debian package mariadb-client)");
        Files.createDirectories(into);
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "--no-defaults", "--no-data",
                "--host=" + db.url().host(), "--port=" + db.url().port(), "--user=" + db.url().user()));
        if (db.url().password() != null && !db.url().password().isEmpty()) {
            cmd.add("--password=" + db.url().password());
        }
        cmd.add(db.schema());
        Process p = new ProcessBuilder(cmd).redirectOutput(into.resolve("dump.sql").toFile())
                .redirectError(into.resolve("dump.err").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), where + ": mariadb-dump hung");
        assertEquals(0, p.exitValue(), () -> where + ": " + readQuietly(into.resolve("dump.err")));
        Files.delete(into.resolve("dump.err"));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
