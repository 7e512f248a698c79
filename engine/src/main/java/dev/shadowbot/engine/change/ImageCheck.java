package dev.shadowbot.engine.change;

import com.github.shyiko.mysql.binlog.event.QueryEventData;
import java.util.BitSet;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises binlog events that carry a followed table's change without its full row images, which
 * the stream cannot apply: a statement (a session or the server switched to
 * {@code binlog_format=STATEMENT}/{@code MIXED}) and a partial image ({@code binlog_row_image=MINIMAL}
 * or {@code NOBLOB} with a blob left out, or MySQL's partial JSON updates). Applying around them would
 * silently lose the change; the stream reports them as {@link StreamItem.Unsafe} instead.
 */
final class ImageCheck {
    private static final Pattern DML = Pattern.compile("^(insert|update|delete|replace|load)\\b");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|^\\s*(#|-- )[^\\n]*", Pattern.DOTALL | Pattern.MULTILINE);

    private ImageCheck() {
    }

    /**
     * The reason a QUERY event is a data change of a followed table written as a statement, or null.
     * Matches DML whose default database is the schema (or which names it) and which names a followed
     * table as a word: a false match refuses a safe deploy, a missed one would lose a write, so it errs
     * toward refusing.
     */
    static String statementWrite(QueryEventData q, String schema, Collection<String> tables) {
        String sql = COMMENTS.matcher(q.getSql()).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
        if (!DML.matcher(sql).find()) {
            return null;
        }
        String s = schema.toLowerCase(Locale.ROOT);
        if (!s.equalsIgnoreCase(String.valueOf(q.getDatabase())) && !sql.contains(s)) {
            return null;
        }
        for (String t : tables) {
            if (Pattern.compile("(^|[^a-z0-9_$])" + Pattern.quote(t.toLowerCase(Locale.ROOT)) + "($|[^a-z0-9_$])")
                    .matcher(sql).find()) {
                return "a write to table " + schema + "." + t + " reached the binlog as a statement, not as row images"
                        + " (binlog_format is STATEMENT or MIXED for the writing session or the server): '"
                        + abbreviate(q.getSql()) + "'";
            }
        }
        return null;
    }

    /** The reason a rows event of {@code table} lacks columns, or null when its image is full. */
    static String partialImage(String table, BitSet included, int columns) {
        if (included == null || included.cardinality() >= columns) {
            return null;
        }
        return "a change to table " + table + " reached the binlog with " + included.cardinality() + " of its " + columns
                + " columns (binlog_row_image is MINIMAL or NOBLOB for the writing session or the server)";
    }

    private static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ").trim();
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }
}
