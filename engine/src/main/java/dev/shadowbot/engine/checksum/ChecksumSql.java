package dev.shadowbot.engine.checksum;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.table.ColumnInfo;
import dev.shadowbot.engine.table.ColumnMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of the checksum, and the per-column normalisation that makes old and new types comparable. */
final class ChecksumSql {
    private ChecksumSql() {
    }

    static final String SNAPSHOT_ISOLATION = "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ";
    static final String START_SNAPSHOT = "START TRANSACTION WITH CONSISTENT SNAPSHOT";
    static final String SESSION = "SET SESSION time_zone = '+00:00', lock_wait_timeout = ?";
    static final String UNLOCK = "UNLOCK TABLES";

    static String lockRead(String schema, List<String> tables) {
        List<String> parts = new ArrayList<>();
        for (String t : tables) {
            parts.add(Identifiers.qualified(schema, t) + " READ");
        }
        return "LOCK TABLES " + String.join(", ", parts);
    }

    /** {@code SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS('#', e1, …, ISNULL(c1), …))) FROM t [FORCE INDEX (i)] [WHERE range]}. */
    static String chunk(String schema, String table, String index, List<String> exprs, List<String> columns,
                        String where) {
        List<String> parts = new ArrayList<>(exprs);
        for (String c : columns) {
            parts.add("ISNULL(" + Identifiers.quote(c) + ")");
        }
        return "SELECT COUNT(*), COALESCE(BIT_XOR(CRC32(CONCAT_WS('#', " + String.join(", ", parts) + "))), 0) FROM "
                + Identifiers.qualified(schema, table)
                + (index == null ? "" : " FORCE INDEX (" + Identifiers.quote(index) + ")")
                + (where.isEmpty() ? "" : " WHERE " + where);
    }

    /**
     * An expression that renders equal values of {@code live} and {@code shadow} identically on both
     * sides: the column itself when the type did not change; a common form (utf8mb4 text, DECIMAL(65,30),
     * DATETIME(6)…) for widenings; empty when no common form exists, and the column is left out of the
     * checksum (the caller reports it).
     */
    static Optional<String[]> normalise(ColumnMapping.Pair p) {
        ColumnInfo l = p.live();
        ColumnInfo s = p.shadow();
        String ql = Identifiers.quote(l.name());
        String qs = Identifiers.quote(s.name());
        boolean sameType = l.columnType().equalsIgnoreCase(s.columnType())
                && java.util.Objects.equals(l.charset(), s.charset());
        if (sameType) {
            return Optional.of(new String[] {ql, qs});
        }
        if (textLike(l) && textLike(s)) {
            return Optional.of(new String[] {"CONVERT(" + ql + " USING utf8mb4)", "CONVERT(" + qs + " USING utf8mb4)"});
        }
        if (l.isInteger() && s.isInteger()) {
            return Optional.of(new String[] {ql, qs});
        }
        if (numeric(l) && numeric(s)) {
            return Optional.of(new String[] {"CAST(" + ql + " AS DECIMAL(65,30))", "CAST(" + qs + " AS DECIMAL(65,30))"});
        }
        if (l.isBinary() && s.isBinary() && !l.dataType().equals("binary") && !s.dataType().equals("binary")) {
            return Optional.of(new String[] {ql, qs});
        }
        if (dateTime(l) && dateTime(s)) {
            return Optional.of(new String[] {"CAST(" + ql + " AS DATETIME(6))", "CAST(" + qs + " AS DATETIME(6))"});
        }
        if (l.dataType().equals("time") && s.dataType().equals("time")) {
            return Optional.of(new String[] {"CAST(" + ql + " AS TIME(6))", "CAST(" + qs + " AS TIME(6))"});
        }
        return Optional.empty();
    }

    private static boolean textLike(ColumnInfo c) {
        return c.isText() || c.isEnum() || c.isSet();
    }

    private static boolean numeric(ColumnInfo c) {
        return c.isInteger() || c.dataType().equals("decimal");
    }

    private static boolean dateTime(ColumnInfo c) {
        return c.dataType().equals("datetime") || c.dataType().equals("timestamp") || c.dataType().equals("date");
    }
}
