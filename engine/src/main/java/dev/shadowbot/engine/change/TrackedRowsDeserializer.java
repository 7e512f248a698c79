package dev.shadowbot.engine.change;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Decodes a rows event only when its table is one the stream follows; any other rows event yields no
 * data (its header, and so the stream's position, is still read).
 *
 * <p>Why: the stream sees every row the server writes, and the biggest writer during a migration is
 * the migration itself: the copy's inserts into the shadow tables come back as rows events, one row
 * image per copied row. Decoding them (every column into Java objects) only to drop them cost this
 * process about as much CPU as the rest of the deploy together, on the same cores the server copies with.
 * A rows event starts with its 6-byte table id (the post-header of every v4 rows event, MySQL and
 * MariaDB), and the TABLE_MAP that names that id has already passed through the stream's listener,
 * which is called on the same thread in event order, so the id can be checked before decoding.
 */
final class TrackedRowsDeserializer implements EventDataDeserializer<EventData> {
    private static final List<EventType> ROWS = List.of(EventType.WRITE_ROWS, EventType.EXT_WRITE_ROWS,
            EventType.UPDATE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.DELETE_ROWS, EventType.EXT_DELETE_ROWS);
    private static final int TABLE_ID_BYTES = 6;

    private final EventDataDeserializer<?> decoder;
    private final LongPredicate tracked;

    private TrackedRowsDeserializer(EventDataDeserializer<?> decoder, LongPredicate tracked) {
        this.decoder = decoder;
        this.tracked = tracked;
    }

    /**
     * Wraps the rows decoders of {@code d} (call after its compatibility modes are set: the wrapped
     * decoders keep them).
     */
    static void install(EventDeserializer d, LongPredicate tracked) {
        for (EventType type : ROWS) {
            d.setEventDataDeserializer(type, new TrackedRowsDeserializer(d.getEventDataDeserializer(type), tracked));
        }
    }

    @Override
    public EventData deserialize(ByteArrayInputStream in) throws IOException {
        byte[] body = in.read(in.available());
        if (body.length < TABLE_ID_BYTES || !tracked.test(tableId(body))) {
            return null;
        }
        return decoder.deserialize(new ByteArrayInputStream(body));
    }

    /** The little-endian 6-byte table id at the start of a rows event. */
    static long tableId(byte[] body) {
        long id = 0;
        for (int i = 0; i < TABLE_ID_BYTES; i++) {
            id |= (body[i] & 0xFFL) << (8 * i);
        }
        return id;
    }
}
