package dev.shadowbot.engine.change;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.BinlogPosition;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.table.TableInfo;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The binlog change stream of one deploy request: a replication client (mysql-binlog-connector-java)
 * reading from a recorded {@code file:position}, keeping the row changes of the live tables (found
 * through TABLE_MAP events) and every transaction boundary, in order, in a bounded queue. A full
 * queue blocks the reader, which is the back-pressure toward the server.
 *
 * <p>It never decides what is applied: the consumer drains {@link #poll} and records its own
 * checkpoint from {@link StreamItem.Commit}s, and restarts a broken stream from there.
 */
public final class BinlogStream implements AutoCloseable {
    private final DatabaseUrl url;
    private final String schema;
    private final Map<String, TableInfo> tables;
    private final BlockingQueue<StreamItem> queue;
    private final Map<Long, TableInfo> tableIds = new ConcurrentHashMap<>();
    private volatile String file;
    private volatile BinlogPosition seen;
    private volatile boolean closed;
    private BinaryLogClient client;

    /**
     * @param url      the server (credentials need REPLICATION SLAVE and REPLICATION CLIENT)
     * @param schema   the schema of the live tables
     * @param tables   live table name → its structure (column order of the row images)
     * @param capacity queue size in items
     */
    public BinlogStream(DatabaseUrl url, String schema, Map<String, TableInfo> tables, int capacity) {
        this.url = url;
        this.schema = schema;
        this.tables = Map.copyOf(tables);
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Connects and starts reading at {@code from} (a transaction boundary). */
    public void start(BinlogPosition from) {
        requireFileKept(from);
        file = from.file();
        BinaryLogClient c = new BinaryLogClient(url.host(), url.port(), url.user(), url.password());
        c.setServerId(1_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000_000));
        c.setBinlogFilename(from.file());
        c.setBinlogPosition(from.position());
        c.setKeepAlive(false);
        c.setHeartbeatInterval(TimeUnit.SECONDS.toMillis(5));
        EventDeserializer d = new EventDeserializer();
        d.setCompatibilityMode(CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY, CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        c.setEventDeserializer(d);
        c.registerEventListener(this::onEvent);
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient client, Exception ex) {
                fail(ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient client, Exception ex) {
                fail(ex);
            }

            @Override
            public void onDisconnect(BinaryLogClient client) {
                // A server-side KILL (or shutdown) ends the dump with a clean EOF and no failure callback:
                // without this the stream would stall silently while the shadows fall behind.
                fail(new IOException("the server closed the binlog connection (KILL, restart or timeout)"));
            }
        });
        c.setThreadFactory(r -> {
            Thread t = new Thread(r, "shadowbot-binlog-" + schema);
            t.setDaemon(true);
            return t;
        });
        try {
            c.connect(10_000);
        } catch (IOException | TimeoutException e) {
            throw ShadowbotException.database("cannot start the binlog stream at " + from + ": " + e.getMessage(),
                    "grant REPLICATION SLAVE and REPLICATION CLIENT to the user, and keep binlogs long enough"
                            + " (binlog_expire_logs_seconds) for the migration to resume", e);
        }
        client = c;
    }

    /**
     * Refuses to start when the file to read from is gone from the server (purged or expired): the
     * dump would fail only later, on the reader thread, after the caller was told all is well.
     */
    private void requireFileKept(BinlogPosition from) {
        List<String> files = new java.util.ArrayList<>();
        try (java.sql.Connection c = dev.shadowbot.engine.db.Connections.open(url.withDatabase(""));
             java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(rs.getString(1));
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            return; // cannot tell (e.g. privileges): the dump itself reports a missing file
        }
        if (!files.contains(from.file())) {
            throw ShadowbotException.database("the binlog file " + from.file() + " this migration must read from ("
                    + from + ") is no longer on the server (purged or expired; oldest kept: "
                    + (files.isEmpty() ? "none" : files.get(0)) + "): the changes since then cannot be replayed,"
                    + " so the shadow tables cannot be trusted", "start a new deploy request (drop this one's *_shadowbot_<id>_new"
                    + " shadow tables first); keep binlogs (binlog_expire_logs_seconds) longer than a migration may be"
                    + " paused", null);
        }
    }

    private void onEvent(Event event) {
        if (closed) {
            return;
        }
        EventType type = event.getHeader().getEventType();
        try {
            switch (type) {
                case ROTATE -> file = ((RotateEventData) event.getData()).getBinlogFilename();
                case TABLE_MAP -> onTableMap(event.getData());
                case XID -> commit(event);
                case QUERY -> {
                    String sql = ((QueryEventData) event.getData()).getSql();
                    if (!"BEGIN".equalsIgnoreCase(sql.trim())) {
                        commit(event);
                    }
                }
                default -> {
                    if (EventType.isRowMutation(type)) {
                        onRows(event);
                    }
                }
            }
            if (event.getHeader() instanceof EventHeaderV4 h && h.getNextPosition() > 0 && type != EventType.TABLE_MAP
                    && type != EventType.ROTATE) {
                seen = new BinlogPosition(file, h.getNextPosition(), "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /**
     * The end of the last event the reader has handed over (its items are in the queue or consumed);
     * null before the first event.
     */
    public BinlogPosition seen() {
        return seen;
    }

    private void onTableMap(TableMapEventData tm) {
        TableInfo t = schema.equals(tm.getDatabase()) ? tables.get(tm.getTable()) : null;
        if (t == null) {
            tableIds.remove(tm.getTableId());
            return;
        }
        if (tm.getColumnTypes().length != t.columns().size()) {
            throw new IllegalStateException("table " + schema + "." + t.name() + " has " + tm.getColumnTypes().length
                    + " columns in the binlog but " + t.columns().size() + " when the migration started:"
                    + " it was altered outside shadowbot");
        }
        tableIds.put(tm.getTableId(), t);
    }

    private void onRows(Event event) throws InterruptedException {
        Object data = event.getData();
        if (data instanceof WriteRowsEventData w) {
            TableInfo t = tableIds.get(w.getTableId());
            if (t != null) {
                for (Serializable[] row : w.getRows()) {
                    queue.put(new StreamItem.RowChange(t.name(), null, RowDecoder.decode(row, t.columns())));
                }
            }
        } else if (data instanceof UpdateRowsEventData u) {
            TableInfo t = tableIds.get(u.getTableId());
            if (t != null) {
                for (Map.Entry<Serializable[], Serializable[]> row : u.getRows()) {
                    queue.put(new StreamItem.RowChange(t.name(), RowDecoder.decode(row.getKey(), t.columns()),
                            RowDecoder.decode(row.getValue(), t.columns())));
                }
            }
        } else if (data instanceof DeleteRowsEventData d) {
            TableInfo t = tableIds.get(d.getTableId());
            if (t != null) {
                for (Serializable[] row : d.getRows()) {
                    queue.put(new StreamItem.RowChange(t.name(), RowDecoder.decode(row, t.columns()), null));
                }
            }
        }
    }

    private void commit(Event event) throws InterruptedException {
        if (event.getHeader() instanceof EventHeaderV4 h && h.getNextPosition() > 0) {
            queue.put(new StreamItem.Commit(new BinlogPosition(file, h.getNextPosition(), ""), h.getTimestamp()));
        }
    }

    private void fail(Exception e) {
        if (!closed) {
            // offer, not put: a failing reader must not block forever on a full queue.
            queue.offer(new StreamItem.Failure(e));
        }
    }

    /** Next item, waiting up to {@code millis}; null when none arrived. */
    public StreamItem poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Items waiting to be applied. */
    public int backlog() {
        return queue.size();
    }

    public List<String> tableNames() {
        return List.copyOf(tables.keySet());
    }

    @Override
    public void close() {
        closed = true;
        queue.clear(); // unblock a reader waiting on a full queue before disconnecting it
        BinaryLogClient c = client;
        if (c != null) {
            try {
                c.disconnect();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        queue.clear();
    }
}
