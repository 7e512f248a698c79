package dev.shadowbot.engine.db;

import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.MariadbGtidSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GTID state texts as the servers show them: MariaDB's {@code domain-server-seq} list (one GTID per
 * domain, as in {@code @@gtid_binlog_pos}) and MySQL's {@code uuid:interval} set ({@code @@gtid_executed}).
 * Parsing goes through the binlog connector's own classes.
 */
public final class GtidSets {
    private GtidSets() {
    }

    /** True for a MariaDB GTID position ({@code 0-1-42,1-2-7}); false for a MySQL GTID set or empty text. */
    public static boolean isMariaDb(String gtid) {
        return !gtid.isBlank() && MariadbGtidSet.isMariaGtidSet(gtid.trim());
    }

    /**
     * True when every transaction of {@code inner} is in {@code outer}. MariaDB: per domain, {@code outer}
     * has the domain at an equal or higher sequence number (server ids may differ: a replica's binlog
     * repeats the primary's GTIDs, and sequence numbers grow per domain). MySQL: set containment. Texts
     * of different flavours contain nothing of each other.
     */
    public static boolean contains(String outer, String inner) {
        if (inner.isBlank()) {
            return true;
        }
        if (outer.isBlank() || isMariaDb(outer) != isMariaDb(inner)) {
            return false;
        }
        if (isMariaDb(inner)) {
            Map<Long, Long> have = mariaDbDomains(outer);
            for (Map.Entry<Long, Long> e : mariaDbDomains(inner).entrySet()) {
                Long seq = have.get(e.getKey());
                if (seq == null || seq < e.getValue()) {
                    return false;
                }
            }
            return true;
        }
        return new GtidSet(clean(inner)).isContainedWithin(new GtidSet(clean(outer)));
    }

    /** MariaDB position text → domain id → highest sequence number named for it. */
    static Map<Long, Long> mariaDbDomains(String gtid) {
        Map<Long, Long> domains = new LinkedHashMap<>();
        for (String part : gtid.split(",")) {
            if (!part.isBlank()) {
                MariadbGtidSet.MariaGtid g = MariadbGtidSet.MariaGtid.parse(part.trim());
                domains.merge(g.getDomainId(), g.getSequence(), Math::max);
            }
        }
        return domains;
    }

    /** Without the line breaks MySQL puts into long GTID sets. */
    static String clean(String gtid) {
        return gtid.replace("\n", "").replace("\r", "").trim();
    }
}
