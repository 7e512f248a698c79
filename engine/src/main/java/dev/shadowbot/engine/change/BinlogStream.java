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
import dev.shadowbot.engine.db.BinlogPositionCheck;
import dev.shadowbot.engine.db.Connections;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binlog change stream of one deploy request: a replication client (mysql-binlog-connector-java)
 * reading from a recorded position (by GTID when the server tracks GTIDs, else {@code file:position}), keeping the row changes of the live tables (found
 * through TABLE_MAP events) and every transaction boundary, in order, in a bounded queue. A full
 * queue blocks the reader, which is the back-pressure toward the server.
 *
 * <p>It never decides what is applied: the consumer drains {@link #poll} and records its own
 * checkpoint from {@link StreamItem.Commit}s, and restarts a broken stream from there.
 */
public final class BinlogStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogStream.class);
    private final DatabaseUrl url;
    private final String schema;
    private final Map<String, TableInfo> tables;
    private final BlockingQueue<StreamItem> queue;
    private final Map<Long, TableInfo> tableIds = new ConcurrentHashMap<>();
    private volatile String file;
    private volatile BinlogPosition seen;
    private volatile boolean closed;
    private volatile boolean gtidMode;
    private volatile BinaryLogClient client;
    /** The last TABLE_MAP named a followed table (for events that carry no table id of their own). */
    private boolean mappedFollowed;
    private final String who;
    private final String refusedNextStep;

    /**
     * @param url      the server (credentials need REPLICATION SLAVE and REPLICATION CLIENT)
     * @param schema   the schema of the live tables
     * @param tables   live table name → its structure (column order of the row images)
     * @param capacity queue size in items
     */
    public BinlogStream(DatabaseUrl url, String schema, Map<String, TableInfo> tables, int capacity) {
        this(url, schema, tables, capacity, "the change stream of schema " + schema, "start a new deploy request");
    }

    /**
     * @param who             names the stream's owner in errors, e.g. {@code deploy request 12}
     * @param refusedNextStep what to do when the server cannot serve the stored position
     */
    public BinlogStream(DatabaseUrl url, String schema, Map<String, TableInfo> tables, int capacity, String who,
                        String refusedNextStep) {
        this.who = who;
        this.refusedNextStep = refusedNextStep;
        this.url = url;
        this.schema = schema;
        this.tables = Map.copyOf(tables);
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Connects and starts reading at {@code from} (a transaction boundary): by GTID when {@code from}
     * has a GTID state and the server tracks GTIDs (then every {@link StreamItem.Commit} carries the GTID
     * state after its transaction), else by {@code file:position}. Refuses, before connecting, a position
     * the server cannot serve ({@link BinlogPositionCheck}).
     */
    public void start(BinlogPosition from) {
        BinlogPositionCheck.Mode how = checkServable(from);
        gtidMode = how == BinlogPositionCheck.Mode.GTID;
        file = from.file();
        BinaryLogClient c = new BinaryLogClient(url.host(), url.port(), url.user(), url.password());
        c.setServerId(1_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000_000));
        if (gtidMode) {
            // MySQL: COM_BINLOG_DUMP_GTID from the oldest binlog, skipping what the set has; MariaDB:
            // @slave_connect_state. The client adds each committed transaction's GTID to the set.
            c.setGtidSet(from.gtid());
            c.setUseBinlogFilenamePositionInGtidMode(false);
        } else {
            c.setBinlogFilename(from.file());
            c.setBinlogPosition(from.position());
        }
        LOG.info("event=stream_resume_mode {} mode={} position={} gtid={}", who, gtidMode ? "gtid" : "file_position",
                from, from.gtid());
        c.setKeepAlive(false);
        // An idle server sends a heartbeat (carrying its current position) after this long without events,
        // so a catch-up whose last events were other tables' reaches its target within a second.
        c.setHeartbeatInterval(TimeUnit.SECONDS.toMillis(1));
        EventDeserializer d = ExactRows.deserializer(); // temporal cells as exact text, see ExactTemporal
        d.setCompatibilityMode(CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        TrackedRowsDeserializer.install(d, tableIds::containsKey);
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
        client = c; // before connecting: the reader reads the GTID state from it
        try {
            c.connect(10_000);
        } catch (IOException | TimeoutException e) {
            throw ShadowbotException.database("cannot start the binlog stream at " + from + ": " + e.getMessage(),
                    "grant REPLICATION SLAVE and REPLICATION CLIENT to the user, and keep binlogs long enough"
                            + " (binlog_expire_logs_seconds) for the migration to resume", e);
        }
    }

    /** How the stream resumes at {@code from}; throws when the server cannot serve it. */
    private BinlogPositionCheck.Mode checkServable(BinlogPosition from) {
        try (java.sql.Connection c = Connections.open(url.withDatabase(""))) {
            return BinlogPositionCheck.check(c, from, who, refusedNextStep);
        } catch (java.sql.SQLException e) {
            throw ShadowbotException.database("cannot check the binlog position " + from + " of " + who + ": "
                    + e.getMessage(), "grant REPLICATION CLIENT (or BINLOG MONITOR on MariaDB) to the user", e);
        }
    }

    /** True when the stream was started by GTID (its commits carry GTID states). */
    public boolean gtidMode() {
        return gtidMode;
    }

    private void onEvent(Event event) {
        if (closed) {
            return;
        }
        EventType type = event.getHeader().getEventType();
        try {
            switch (type) {
                case ROTATE -> {
                    RotateEventData r = event.getData();
                    file = r.getBinlogFilename();
                    if (r.getBinlogPosition() > 0) {
                        // The stream is at the start of the next file: every event before it was handed over.
                        seen = new BinlogPosition(file, r.getBinlogPosition(), "");
                    }
                }
                case TABLE_MAP -> onTableMap(event.getData());
                case XID -> commit(event);
                case QUERY -> {
                    QueryEventData q = event.getData();
                    String sql = q.getSql();
                    if (!"BEGIN".equalsIgnoreCase(sql.trim())) {
                        String unsafe = ImageCheck.statementWrite(q, schema, tables.keySet());
                        if (unsafe != null) {
                            queue.put(new StreamItem.Unsafe(unsafe));
                        }
                        commit(event);
                    }
                }
                case PARTIAL_UPDATE_ROWS_EVENT -> {
                    if (mappedFollowed) {
                        queue.put(new StreamItem.Unsafe("a change to a followed table reached the binlog as a partial"
                                + " JSON update (binlog_row_value_options=PARTIAL_JSON)"));
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
        mappedFollowed = t != null;
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
            if (t != null && full(t, w.getIncludedColumns())) {
                for (Serializable[] row : w.getRows()) {
                    queue.put(new StreamItem.RowChange(t.name(), null, RowDecoder.decode(row, t.columns())));
                }
            }
        } else if (data instanceof UpdateRowsEventData u) {
            TableInfo t = tableIds.get(u.getTableId());
            if (t != null && full(t, u.getIncludedColumnsBeforeUpdate()) && full(t, u.getIncludedColumns())) {
                for (Map.Entry<Serializable[], Serializable[]> row : u.getRows()) {
                    queue.put(new StreamItem.RowChange(t.name(), RowDecoder.decode(row.getKey(), t.columns()),
                            RowDecoder.decode(row.getValue(), t.columns())));
                }
            }
        } else if (data instanceof DeleteRowsEventData d) {
            TableInfo t = tableIds.get(d.getTableId());
            if (t != null && full(t, d.getIncludedColumns())) {
                for (Serializable[] row : d.getRows()) {
                    queue.put(new StreamItem.RowChange(t.name(), RowDecoder.decode(row, t.columns()), null));
                }
            }
        }
    }

    /** True when the image has every column; else reports it as unsafe (its rows cannot be applied). */
    private boolean full(TableInfo t, java.util.BitSet included) throws InterruptedException {
        String partial = ImageCheck.partialImage(t.name(), included, t.columns().size());
        if (partial == null) {
            return true;
        }
        queue.put(new StreamItem.Unsafe(partial));
        return false;
    }

    private void commit(Event event) throws InterruptedException {
        if (event.getHeader() instanceof EventHeaderV4 h && h.getNextPosition() > 0) {
            // The client adds the transaction's GTID before it calls the listeners: this is the state after it.
            String gtid = gtidMode ? nonNull(client.getGtidSet()) : "";
            queue.put(new StreamItem.Commit(new BinlogPosition(file, h.getNextPosition(), gtid), h.getTimestamp()));
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
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
