package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutsideReferencesTest {
    /** The loader's problem for a one-statement file, as a pull request's schema file would get it. */
    private static Optional<String> problem(String sql) {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("t.sql", sql + ";\n"));
        return s.problems().stream().map(SourceProblem::message).findFirst();
    }

    @Test
    void ordinaryTablesStayInside() {
        for (String ok : new String[] {
                "CREATE TABLE t (id INT PRIMARY KEY, p INT, FOREIGN KEY (p) REFERENCES parent (id)) ENGINE=InnoDB",
                "CREATE TABLE t (id INT PRIMARY KEY, p INT, CONSTRAINT fk FOREIGN KEY (p) REFERENCES `parent`(`id`))",
                "CREATE TABLE t (`select` INT, directory INT, `union` INT, connection INT, INDEX directory (directory))"
                        + " COMMENT 'SELECT * FROM other.t; DATA DIRECTORY = \\'/tmp\\' ENGINE=FEDERATED'",
                "CREATE TABLE t (id INT) ENGINE = `MyISAM` /* ENGINE=FEDERATED CONNECTION='mysql://x' */",
                "CREATE TABLE t (id INT) -- REFERENCES other.t\n ENGINE=Aria",
                "CREATE TABLE t (id INT) ENGINE=MEMORY /*!50100 PARTITION BY HASH (id) PARTITIONS 2 */",
                "CREATE TABLE cars (id INT, engine VARCHAR(20), KEY engine (engine), CHECK (engine <> ''))"}) {
            assertEquals(Optional.empty(), problem(ok), ok);
        }
    }

    @Test
    void whatReachesAnotherSchemaTheFileSystemOrAnotherServerIsRefused() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("CREATE TABLE t (p INT, FOREIGN KEY (p) REFERENCES billing.ledger (id))", "another schema"),
                Map.entry("CREATE TABLE t (p INT, FOREIGN KEY (p) REFERENCES `billing` . `ledger` (id))",
                        "another schema"),
                Map.entry("CREATE TABLE t (p INT, FOREIGN KEY (p) REFERENCES \"billing\".\"ledger\" (id))",
                        "another schema"),
                Map.entry("CREATE TABLE t (id INT) SELECT id FROM billing.ledger", "copies rows from a query"),
                Map.entry("CREATE TABLE t (id INT) ENGINE=MyISAM DATA DIRECTORY = '/var/lib/x'", "DATA DIRECTORY"),
                Map.entry("CREATE TABLE t (id INT) INDEX DIRECTORY='/tmp'", "INDEX DIRECTORY"),
                Map.entry("CREATE TABLE t (id INT) CONNECTION='mysql://u@10.0.0.9/d/t' ENGINE=FEDERATED",
                        "CONNECTION"),
                Map.entry("CREATE TABLE t (id INT) UNION=(billing.ledger) ENGINE=MRG_MyISAM", "UNION"),
                Map.entry("CREATE TABLE t (id INT) ENGINE = 'CONNECT'", "engine CONNECT"),
                Map.entry("CREATE TABLE t (id INT) ENGINE=SPIDER", "engine SPIDER"),
                Map.entry("CREATE TABLE t (id INT) PARTITION BY HASH (id) (PARTITION p0 ENGINE=FEDERATED)",
                        "engine FEDERATED"));
        refused.forEach((sql, why) -> {
            Optional<String> p = problem(sql);
            assertTrue(p.isPresent() && p.get().contains(why), sql + " -> " + p);
        });
    }

    @Test
    void executableCommentsCountAsTheServerRunsThemAndADashDashWithoutSpaceIsNoComment() {
        assertTrue(problem("CREATE TABLE t (id INT) /*!50100 DATA DIRECTORY='/tmp' */").isPresent());
        assertTrue(problem("CREATE TABLE t (id INT) /*M!100100 ENGINE=CONNECT */").isPresent());
        assertTrue(problem("CREATE TABLE t (id INT DEFAULT 1--1\n) DATA DIRECTORY='/tmp'").isPresent());
        assertTrue(problem("CREATE TABLE t (id INT DEFAULT 0--0, p INT, FOREIGN KEY (p) REFERENCES o.t (id))")
                .isPresent(), "'--0' is arithmetic, not a comment, so what follows is read");
    }

    @Test
    void aFolderWithSuchATableGetsAProblemAtItsLine() {
        SchemaSource s = SchemaLoader.fromFiles(Map.of("t.sql",
                "CREATE TABLE ok (id INT PRIMARY KEY);\n\nCREATE TABLE t (p INT, FOREIGN KEY (p) REFERENCES b.l (id));\n"));
        assertEquals(1, s.tables().size());
        assertEquals(1, s.problems().size());
        SourceProblem p = s.problems().get(0);
        assertEquals(3, p.line());
        assertEquals(SourceProblem.UNSUPPORTED_STATEMENT, p.code());
        assertTrue(p.message().contains("another schema"), p.message());
    }
}
