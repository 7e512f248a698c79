package dev.shadowbot.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves the fixture really talks to a server with ROW binlog: write a row, read its event back. */
@RealDatabase
class FixtureIT {

    @Test
    void writesARowAndReadsItsBinlogEventBack(TestDb db) throws Exception {
        assertEquals("ROW", db.scalar("SELECT @@GLOBAL.binlog_format"));
        assertEquals("FULL", db.scalar("SELECT @@GLOBAL.binlog_row_image"));
        db.exec("CREATE TABLE fixture_probe (id INT PRIMARY KEY, note VARCHAR(20))");

        String file;
        long position;
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(showBinlogStatus(db))) {
            assertTrue(rs.next(), "binary log is enabled");
            file = rs.getString(1);
            position = rs.getLong(2);
        }

        var url = db.url();
        BinaryLogClient client = new BinaryLogClient(url.host(), url.port(), url.user(), url.password());
        client.setServerId(50_000 + (int) (Math.random() * 10_000));
        client.setBinlogFilename(file);
        client.setBinlogPosition(position);
        client.setKeepAlive(false);
        Map<Long, String> tables = new ConcurrentHashMap<>();
        List<Serializable[]> rows = new CopyOnWriteArrayList<>();
        CountDownLatch seen = new CountDownLatch(1);
        client.registerEventListener(event -> {
            if (event.getHeader().getEventType() == EventType.TABLE_MAP) {
                TableMapEventData tm = event.getData();
                tables.put(tm.getTableId(), tm.getDatabase() + "." + tm.getTable());
            } else if (EventType.isWrite(event.getHeader().getEventType())) {
                WriteRowsEventData w = event.getData();
                if ((db.schema() + ".fixture_probe").equals(tables.get(w.getTableId()))) {
                    rows.addAll(w.getRows());
                    seen.countDown();
                }
            }
        });
        client.connect(10_000);
        try {
            db.exec("INSERT INTO fixture_probe VALUES (42, 'hello')");
            assertTrue(seen.await(20, TimeUnit.SECONDS), "write event for fixture_probe arrives");
        } finally {
            client.disconnect();
        }
        assertEquals(1, rows.size());
        assertEquals(42, ((Number) rows.get(0)[0]).intValue());
        Object note = rows.get(0)[1];
        assertEquals("hello", note instanceof byte[] b ? new String(b) : String.valueOf(note));
        assertEquals(List.of(List.of("42", "hello")), db.query("SELECT id, note FROM fixture_probe"));
    }

    private static String showBinlogStatus(TestDb db) {
        var info = db.info();
        // MySQL 8.4 removed SHOW MASTER STATUS; 8.2+ and MariaDB 10.5.2+ have the new names.
        if (!info.isMariaDb() && info.atLeast(8, 2, 0)) {
            return "SHOW BINARY LOG STATUS";
        }
        return "SHOW MASTER STATUS";
    }
}
