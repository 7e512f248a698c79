package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.table.ColumnMapping;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row change the shadow refused (a value too long for a narrowed column, out of range, …): the
 * server's "at row 1" names no row, so the batch is applied again one operation at a time to find the
 * row, and the error names the table, the row's key and the value. The caller rolls the batch back.
 */
final class RowRefused extends SQLException {
    private static final long serialVersionUID = 1L;
    private static final Pattern COLUMN = Pattern.compile("column '(?:[^']*\\.)?`?([^'`]+)`?'");
    private static final int MAX_VALUE_CHARS = 60;

    private RowRefused(String message, SQLException cause) {
        super(message, cause.getSQLState(), cause.getErrorCode(), cause);
    }

    /** The refused row of {@code ops} as a RowRefused, or {@code batchError} when no single row fails. */
    static SQLException locate(Connection c, List<Coalescer.Op> ops, ChangeApplier a, SQLException batchError) {
        for (Coalescer.Op op : ops) {
            try {
                a.applyOne(c, op); // rows before the refused one apply again harmlessly (full images by key)
            } catch (SQLException e) {
                return new RowRefused(describe(a, op.row(), e), e);
            }
        }
        return batchError;
    }

    private static String describe(ChangeApplier a, Object[] row, SQLException e) {
        ColumnMapping m = a.mapping();
        StringBuilder key = new StringBuilder();
        for (int k : a.keyIndexes()) {
            ColumnMapping.Pair p = m.columns().stream().filter(x -> x.live().ordinal() - 1 == k).findFirst().orElse(null);
            if (p != null) {
                key.append(key.length() == 0 ? "" : ",").append(p.live().name()).append('=').append(text(row[k]));
            }
        }
        String message = String.valueOf(e.getMessage()).replaceAll(" at row \\d+$", "");
        Matcher cm = COLUMN.matcher(message);
        String value = "";
        if (cm.find()) {
            String col = cm.group(1);
            value = m.columns().stream().filter(p -> p.shadow().name().equalsIgnoreCase(col)).findFirst()
                    .map(p -> ", value " + quoted(text(row[p.live().ordinal() - 1]))).orElse("");
        }
        return "table " + m.live().name() + ", key " + key + value + ": " + message
                + "; the new definition cannot hold a change written after the copy";
    }

    private static String text(Object v) {
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v);
    }

    private static String quoted(String s) {
        return "'" + (s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…") + "'";
    }
}
