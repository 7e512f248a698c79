package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every {@code SHOW CREATE TABLE} the server prints is accepted back: random tables (many column
 * types, options, generated columns, keys, names that are keywords to parsers, table options,
 * partitioning) are created on the fixture's server, the server's own text is loaded as a schema
 * file, and planning it against the database it came from finds nothing to change. A table the
 * server refuses to create is not a try (the server decides what is valid).
 */
class ShowCreateRoundTripIT {
    private static TestDb db;

    private static synchronized TestDb db() {
        if (db == null) {
            db = TestDb.fresh();
        }
        return db;
    }

    @AfterContainer
    static void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    @Property(tries = 60, maxDiscardRatio = 3)
    void everyShowCreateTableIsAcceptedBackAndPlansToNoChange(@ForAll("tables") String create) throws SQLException {
        TestDb d = db();
        String shown;
        try (Connection c = d.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            try {
                st.execute(create);
            } catch (SQLException e) {
                Assume.that(false);
                return;
            }
            try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE t")) {
                rs.next();
                shown = rs.getString(2);
            }
        }
        SchemaSource source = SchemaLoader.fromFiles(Map.of("t.sql", shown + ";\n"));
        assertEquals(List.of(), source.problems(), shown);
        assertEquals(List.of("t"), source.tables().stream().map(TableSource::name).toList());
        Plan plan = Planner.plan(source, d.url());
        assertEquals(List.of(), plan.allDdl(), () -> "created with\n" + create + "\nthe server printed\n" + shown);
    }

    private static final List<String> NAMES = List.of("output", "global", "grouping_", "c1", "Mixed_Case", "x$y",
            "naïve", "we`ird", "with space", "ün");

    @Provide
    Arbitrary<String> tables() {
        Arbitrary<List<String>> columns = column().list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<String> options = Arbitraries.of("", " ENGINE=InnoDB", " DEFAULT CHARSET=latin1",
                " DEFAULT CHARSET=utf8mb4 COMMENT='it''s a \"table\"'", " ROW_FORMAT=DYNAMIC", " ROW_FORMAT=COMPACT",
                " ENGINE=MyISAM", " AUTO_INCREMENT=42", " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
                " DEFAULT CHARSET=latin1 COLLATE=latin1_bin");
        Arbitrary<Boolean> partitioned = Arbitraries.of(false, false, true);
        return Combinators.combine(columns, options, partitioned, Arbitraries.integers().between(0, 3))
                .as(ShowCreateRoundTripIT::table);
    }

    private static String table(List<String> cols, String options, boolean partitioned, int keys) {
        List<String> defs = new ArrayList<>();
        defs.add("id int NOT NULL AUTO_INCREMENT");
        Set<String> used = new LinkedHashSet<>();
        List<String> indexable = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            String name = NAMES.get(i % NAMES.size());
            if (!used.add(name)) {
                continue;
            }
            String[] typeAndKey = cols.get(i).split("\\|", 2);
            defs.add(Identifiers.quote(name) + " " + typeAndKey[0]);
            if (typeAndKey.length > 1) {
                indexable.add(Identifiers.quote(name) + typeAndKey[1]);
            }
        }
        defs.add("PRIMARY KEY (id)");
        for (int k = 0; k < Math.min(keys, indexable.size()); k++) {
            String kind = partitioned ? "KEY" : k % 2 == 0 ? "KEY" : "UNIQUE KEY";
            defs.add(kind + " " + Identifiers.quote("k" + k) + " (" + indexable.get(k)
                    + (k + 1 < indexable.size() ? ", " + indexable.get(k + 1) : "") + ")");
        }
        String partition = partitioned && !options.contains("MyISAM") ? " PARTITION BY HASH (id) PARTITIONS 3" : "";
        return "CREATE TABLE t (\n  " + String.join(",\n  ", defs) + "\n)" + options + partition;
    }

    /** A column's type and options, and after '|' how a key names it (a prefix for text), or nothing. */
    private static Arbitrary<String> column() {
        Arbitrary<String> type = Arbitraries.of(
                "int|", "int unsigned NOT NULL DEFAULT 7|", "bigint NULL|", "tinyint(1) NOT NULL DEFAULT 0|",
                "smallint unsigned|", "decimal(12,3) DEFAULT 0.500|", "double|", "float(7,2)|",
                "varchar(40) NOT NULL DEFAULT ''|", "varchar(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin|",
                "varchar(20) CHARACTER SET 'latin1' DEFAULT 'x;y'|", "char(3) DEFAULT 'abc'|",
                "text|(10)", "mediumtext CHARACTER SET utf8mb4|(20)", "blob|(8)", "varbinary(16)|",
                "date DEFAULT '2000-01-01'|", "datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)|",
                "timestamp NULL DEFAULT NULL|", "time(2)|", "year|", "enum('a','b''c','d e') NOT NULL DEFAULT 'a'|",
                "set('x','y','z') DEFAULT 'x,z'|", "json", "bit(5) DEFAULT b'101'|",
                "int GENERATED ALWAYS AS (id * 2) VIRTUAL|", "bigint AS (id + 1) STORED|",
                "varchar(10) COMMENT 'a `tick` and a ''quote'''|", "int INVISIBLE|");
        return type;
    }
}
