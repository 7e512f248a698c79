package dev.shadowbot.engine.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.change.StreamItem.RowChange;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.TableInspector;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reverse applier against a real server: the batched form (single unique key) gives the rows the
 * row-at-a-time form gives, keeps old-only columns, and a refused batch still names the refused row.
 */
@RealDatabase
class ReverseApplierIT {
    private static final String LIVE = "CREATE TABLE l (id INT NOT NULL PRIMARY KEY, v VARCHAR(5) NOT NULL, c INT NULL)";

    private static Object[] row(int id, String v) {
        return new Object[] {id, v.getBytes(StandardCharsets.UTF_8), 9};
    }

    /** Applies: 1 updated, 2 deleted, 4 inserted, 3 updated twice (in that order), in one transaction. */
    private static ReverseApplier applyWindow(TestDb db, String oldTable) throws Exception {
        try (Connection c = db.connect()) {
            ColumnMapping m = ColumnMapping.between(TableInspector.read(c, db.schema(), "l"),
                    TableInspector.read(c, db.schema(), oldTable));
            ReverseApplier a = new ReverseApplier(db.schema(), oldTable, m, m.sharedKey().orElseThrow());
            Coalescer co = a.newCoalescer();
            co.add(new RowChange("l", row(1, "a"), row(1, "one")));
            co.add(new RowChange("l", row(2, "b"), null));
            co.add(new RowChange("l", null, row(4, "four")));
            co.add(new RowChange("l", row(3, "c"), row(3, "x")));
            co.add(new RowChange("l", row(3, "x"), row(3, "three")));
            ChangeApplier.prepareSession(c);
            c.setAutoCommit(false);
            a.apply(c, co.ops());
            c.commit();
            return a;
        }
    }

    @Test
    void batchedUpsertsKeepTheOldOnlyColumnsAndDefaultNewRows(TestDb db) throws Exception {
        db.exec(LIVE, "CREATE TABLE o (id INT NOT NULL PRIMARY KEY, v VARCHAR(5) NOT NULL, extra INT NOT NULL DEFAULT 1,"
                + " note VARCHAR(5) NULL)", "INSERT INTO o VALUES (1, 'a', 11, 'n1'), (2, 'b', 22, 'n2'), (3, 'c', 33, 'n3')");
        ReverseApplier a = applyWindow(db, "o");
        assertTrue(a.batching(), "a single unique key: rows go in batches");
        assertEquals(List.of(List.of("1", "one", "11", "n1"), List.of("3", "three", "33", "n3"), List.of("4", "four", "1", "NULL")),
                db.query("SELECT id, v, extra, IFNULL(note, 'NULL') FROM o ORDER BY id"));
    }

    @Test
    void aSecondUniqueKeyMeansRowAtATime(TestDb db) throws Exception {
        db.exec(LIVE, "CREATE TABLE o2 (id INT NOT NULL PRIMARY KEY, v VARCHAR(5) NOT NULL, extra INT NOT NULL DEFAULT 1,"
                + " UNIQUE KEY ux_v (v))", "INSERT INTO o2 VALUES (1, 'a', 11), (2, 'b', 22), (3, 'c', 33)");
        ReverseApplier a = applyWindow(db, "o2");
        assertFalse(a.batching());
        assertEquals(List.of(List.of("1", "one", "11"), List.of("3", "three", "33"), List.of("4", "four", "1")),
                db.query("SELECT id, v, extra FROM o2 ORDER BY id"));
    }

    @Test
    void aRefusedBatchNamesTheRowTheOldTableCannotHold(TestDb db) throws Exception {
        db.exec(LIVE.replace("VARCHAR(5)", "VARCHAR(20)"), "CREATE TABLE o3 (id INT NOT NULL PRIMARY KEY, v VARCHAR(5) NOT NULL)",
                "INSERT INTO o3 VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        try (Connection c = db.connect()) {
            ColumnMapping m = ColumnMapping.between(TableInspector.read(c, db.schema(), "l"),
                    TableInspector.read(c, db.schema(), "o3"));
            ReverseApplier a = new ReverseApplier(db.schema(), "o3", m, m.sharedKey().orElseThrow());
            Coalescer co = a.newCoalescer();
            co.add(new RowChange("l", row(1, "a"), row(1, "ok")));
            co.add(new RowChange("l", null, row(5, "far too long")));
            co.add(new RowChange("l", row(3, "c"), row(3, "ok3")));
            ChangeApplier.prepareSession(c);
            c.setAutoCommit(false);
            ReverseApplier.RowRejected e = assertThrows(ReverseApplier.RowRejected.class, () -> a.apply(c, co.ops()));
            c.rollback();
            assertEquals("table l, key id=5", e.describe().substring(0, "table l, key id=5".length()), e.describe());
            assertTrue(e.describe().toLowerCase().contains("too long"), e.describe());
        }
        assertEquals(List.of(List.of("1", "a"), List.of("2", "b"), List.of("3", "c")),
                db.query("SELECT id, v FROM o3 ORDER BY id"), "nothing applied");
    }

    /** MariaDB and MySQL refuse the batched INSERT where the old table has a NOT NULL column without default. */
    @Test
    void anOldOnlyColumnWithoutDefaultStillTakesUpdates(TestDb db) throws Exception {
        db.exec(LIVE, "CREATE TABLE o4 (id INT NOT NULL PRIMARY KEY, v VARCHAR(5) NOT NULL, req INT NOT NULL)",
                "INSERT INTO o4 VALUES (1, 'a', 11), (2, 'b', 22), (3, 'c', 33), (4, 'd', 44)");
        ReverseApplier a = applyWindow(db, "o4");
        assertEquals(List.of(List.of("1", "one", "11"), List.of("3", "three", "33"), List.of("4", "four", "44")),
                db.query("SELECT id, v, req FROM o4 ORDER BY id"));
        assertFalse(a.batching(), "refused batches are not tried again for the table");
    }
}
