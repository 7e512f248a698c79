package dev.shadowbot.engine.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.apply.ChangeApplier;
import dev.shadowbot.engine.apply.StreamApplier;
import dev.shadowbot.engine.change.BinlogStream;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.BinlogPositions;
import dev.shadowbot.engine.store.SidecarStore;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.TableInfo;
import dev.shadowbot.engine.table.TableInspector;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cutover's drain runs while the clients wait for its lock, and every commit in it costs them a
 * disk flush: each batch it applies carries the stream checkpoint in the same transaction, instead of
 * a second commit on the store's connection right after. Checked in the server's own binlog.
 */
@RealDatabase
class DrainCheckpointIT {
    private static final Pattern TABLE_MAP = Pattern.compile("\\((.+)\\)\\s*$");

    @Test
    void aDrainStoresTheCheckpointInTheTransactionOfTheRowsItCovers(TestDb db) throws Exception {
        db.exec("CREATE TABLE dc (id INT NOT NULL PRIMARY KEY, v VARCHAR(20) NOT NULL)",
                "CREATE TABLE dc_new (id INT NOT NULL PRIMARY KEY, v VARCHAR(20) NOT NULL, c INT NULL)");
        try (SidecarStore store = SidecarStore.open(db.serverUrl()); Connection c = db.connect()) {
            long id = store.createDeployRequest(db.schema(), "{}", i -> List.of());
            TableInfo live = TableInspector.read(c, db.schema(), "dc");
            ColumnMapping mapping = ColumnMapping.between(live, TableInspector.read(c, db.schema(), "dc_new"));
            ChangeApplier applier = new ChangeApplier(db.schema(), "dc_new", mapping, mapping.sharedKey().orElseThrow());
            StreamCheckpoints real = new StreamCheckpoints(store, id);
            AtomicInteger separate = new AtomicInteger();
            StreamApplier.CheckpointSink sink = new StreamApplier.CheckpointSink() {
                @Override
                public void applied(BinlogPosition p) {
                    separate.incrementAndGet();
                    real.applied(p);
                }

                @Override
                public boolean appliedIn(Connection conn, BinlogPosition p) throws java.sql.SQLException {
                    return real.appliedIn(conn, p);
                }
            };
            BinlogPosition from = BinlogPositions.current(c, db.info());
            try (StreamApplier stream = new StreamApplier(db.connect(), Map.of("dc", applier), p -> {
                BinlogStream s = new BinlogStream(db.url(), db.schema(), Map.of("dc", live), 1000);
                s.start(p);
                return s;
            }, from, sink)) {
                db.exec("INSERT INTO dc VALUES (1, 'a'), (2, 'b')", "UPDATE dc SET v = 'c' WHERE id = 1",
                        "DELETE FROM dc WHERE id = 2");
                BinlogPosition target = BinlogPositions.current(c, db.info());
                stream.drainTo(target, Duration.ofSeconds(20));

                assertEquals(List.of(List.of("1", "c")), db.query("SELECT id, v FROM dc_new"), "the rows are applied");
                assertEquals(0, separate.get(), "no checkpoint was stored in a transaction of its own");
                BinlogPosition stored = store.get(id).checkpoint().orElseThrow();
                assertEquals(List.of(), tablesWrittenSince(db, stored, db.schema() + ".dc"),
                        "a resume from the stored checkpoint " + stored + " misses no change of dc");

                // Then only another table changes: the drain has nothing to apply and stores nothing (a
                // commit under the cutover's lock); its checkpoint still misses no change of dc.
                db.exec("CREATE TABLE other (id INT NOT NULL PRIMARY KEY)", "INSERT INTO other VALUES (1), (2)");
                stream.drainTo(BinlogPositions.current(c, db.info()), Duration.ofSeconds(20));
                assertEquals(0, separate.get(), "only other tables' transactions: no checkpoint stored");
                assertEquals(stored, store.get(id).checkpoint().orElseThrow());
            }
            // In the binlog: every transaction that wrote the shadow also wrote the checkpoint. (Other
            // tests' drivers may write their own requests' checkpoints meanwhile, so "no transaction wrote
            // only a checkpoint" is the sink's count above.)
            List<List<String>> txns = transactionsTables(db, from);
            String shadow = db.schema() + ".dc_new";
            List<List<String>> shadowTxns = txns.stream().filter(t -> t.contains(shadow)).toList();
            assertFalse(shadowTxns.isEmpty(), "the drain's shadow writes are in the binlog: " + txns);
            for (List<String> t : shadowTxns) {
                assertTrue(t.contains("_shadowbot.deploy_requests"), "a shadow transaction's tables: " + t);
            }
        }
    }

    /** Row events of {@code table} (schema.name) in the binlog from {@code p} on (same file). */
    private static List<String> tablesWrittenSince(TestDb db, BinlogPosition p, String table) {
        return transactionsTables(db, p).stream().flatMap(List::stream).filter(table::equals).toList();
    }

    /** The tables each binlog transaction since {@code from} wrote, from its table-map events. */
    private static List<List<String>> transactionsTables(TestDb db, BinlogPosition from) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (List<String> e : db.query("SHOW BINLOG EVENTS IN '" + from.file() + "' FROM " + from.position())) {
            if (e.get(2).equals("Table_map")) {
                Matcher m = TABLE_MAP.matcher(e.get(5));
                if (m.find()) {
                    current.add(m.group(1).replace("`", ""));
                }
            } else if (e.get(2).equals("Xid")) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
