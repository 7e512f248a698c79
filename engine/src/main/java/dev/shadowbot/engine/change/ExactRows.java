package dev.shadowbot.engine.change;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.LRUCache;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An {@link EventDeserializer} whose rows decoders hand temporal cells over as exact literal text
 * ({@link ExactTemporal}) and FLOAT as the double it exactly is (a float's shortest text,
 * {@code 3.4028235E38}, is above FLT_MAX when the server reads it back). The library's own modes all go
 * through epoch microseconds computed with {@code java.util.Calendar}: dates of the Julian gap moved
 * by 10 days, zero parts became {@code 0000-00-00} and a negative TIME wrapped to {@code 1023:…}.
 * The other decoders are the library's defaults; the rows decoders are its classes with the cell
 * methods overridden (they stay configured by the compatibility modes for every other type).
 */
final class ExactRows {
    private ExactRows() {
    }

    static EventDeserializer deserializer() {
        EventDeserializer defaults = new EventDeserializer();
        Map<EventType, EventDataDeserializer> byType = new IdentityHashMap<>();
        for (EventType t : EventType.values()) {
            byType.put(t, defaults.getEventDataDeserializer(t));
        }
        Map<Long, TableMapEventData> tables = new LRUCache<>(100, 0.75f, 10000);
        byType.put(EventType.WRITE_ROWS, new Write(tables));
        byType.put(EventType.EXT_WRITE_ROWS, new Write(tables).setMayContainExtraInformation(true));
        byType.put(EventType.UPDATE_ROWS, new Update(tables));
        byType.put(EventType.EXT_UPDATE_ROWS, new Update(tables).setMayContainExtraInformation(true));
        byType.put(EventType.DELETE_ROWS, new Delete(tables));
        byType.put(EventType.EXT_DELETE_ROWS, new Delete(tables).setMayContainExtraInformation(true));
        return new EventDeserializer(new EventHeaderV4Deserializer(), new NullEventDataDeserializer(), byType, tables);
    }

    /** FLOAT widened to the double of the same value. */
    static Serializable widen(Serializable f) {
        return f instanceof Float x ? Double.valueOf(x.doubleValue()) : f;
    }

    static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.date(in);
        }

        @Override
        protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.time(in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.time2(meta, in);
        }

        @Override
        protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.timestamp(in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.timestamp2(meta, in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.datetime2(meta, in);
        }

        @Override
        protected Serializable deserializeFloat(ByteArrayInputStream in) throws IOException {
            return widen(super.deserializeFloat(in));
        }
    }

    static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.date(in);
        }

        @Override
        protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.time(in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.time2(meta, in);
        }

        @Override
        protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.timestamp(in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.timestamp2(meta, in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.datetime2(meta, in);
        }

        @Override
        protected Serializable deserializeFloat(ByteArrayInputStream in) throws IOException {
            return widen(super.deserializeFloat(in));
        }
    }

    static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tables) {
            super(tables);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.date(in);
        }

        @Override
        protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.time(in);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.time2(meta, in);
        }

        @Override
        protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.timestamp(in);
        }

        @Override
        protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.timestamp2(meta, in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return ExactTemporal.datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return ExactTemporal.datetime2(meta, in);
        }

        @Override
        protected Serializable deserializeFloat(ByteArrayInputStream in) throws IOException {
            return widen(super.deserializeFloat(in));
        }
    }
}
