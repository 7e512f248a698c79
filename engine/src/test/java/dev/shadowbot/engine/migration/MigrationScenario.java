package dev.shadowbot.engine.migration;

import java.util.List;

/**
 * One migration case: a table definition ({@code %s} = table name), the ALTER clauses, the key
 * columns the write load uses, seeded rows and writers.
 */
record MigrationScenario(String name, String create, String alter, List<String> keyColumns, int seedRows, int writers) {
    static final String BASE = "CREATE TABLE %s (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " extra INT NOT NULL DEFAULT 1, PRIMARY KEY (id))";
    static final String COMPOSITE = "CREATE TABLE %s (a INT NOT NULL, b INT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " PRIMARY KEY (a, b))";
    static final String LATIN1 = "CREATE TABLE %s (id BIGINT NOT NULL, v VARCHAR(64) NOT NULL, n INT NULL,"
            + " PRIMARY KEY (id)) DEFAULT CHARSET=latin1";

    static List<MigrationScenario> all() {
        List<String> id = List.of("id");
        List<String> ab = List.of("a", "b");
        return List.of(
                new MigrationScenario("add column", BASE, "ADD COLUMN `c` INT NOT NULL DEFAULT 7", id, 3000, 3),
                new MigrationScenario("drop column", BASE, "DROP COLUMN `extra`", id, 3000, 3),
                new MigrationScenario("widen types", BASE, "MODIFY COLUMN `n` BIGINT NULL, MODIFY COLUMN `v` VARCHAR(200) NOT NULL",
                        id, 3000, 3),
                new MigrationScenario("add index", BASE, "ADD INDEX `ix_n` (`n`)", id, 3000, 3),
                new MigrationScenario("change primary key order", COMPOSITE, "DROP PRIMARY KEY, ADD PRIMARY KEY (`b`, `a`)",
                        ab, 3000, 3),
                new MigrationScenario("charset change", LATIN1, "CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                        id, 3000, 3),
                new MigrationScenario("composite primary key", COMPOSITE, "ADD COLUMN `c` VARCHAR(10) NULL, ADD INDEX `ix_v` (`v`)",
                        ab, 3000, 3),
                new MigrationScenario("empty table", BASE, "ADD COLUMN `c` INT NULL", id, 0, 0));
    }

    @Override
    public String toString() {
        return name;
    }
}
