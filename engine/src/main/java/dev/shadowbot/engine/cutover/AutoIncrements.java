package dev.shadowbot.engine.cutover;

import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries a table's AUTO_INCREMENT counter to its replacement at the swap (cutover and revert). The
 * replacement's own counter is one past its highest key, so ids the live table had handed out and
 * deleted since (counter 11, ids 9 and 10 deleted) would be handed out again after the swap. Read while
 * the cutover write-locks the live table, after the drain: nothing can insert into it until the RENAME
 * has run. The counter is read from {@code SHOW CREATE TABLE} (MySQL 8.0 caches information_schema's
 * copy) on a connection without LOCK TABLES: a multi-table cutover locks each table on its own
 * connection, and SHOW CREATE TABLE takes a high-priority shared metadata lock, which neither the write
 * lock nor the queued RENAME holds up.
 */
public final class AutoIncrements {
    private static final Pattern COUNTER = Pattern.compile("\\) .*\\bAUTO_INCREMENT=(\\d+)");

    private AutoIncrements() {
    }

    /**
     * Raises {@code replacement}'s counter to {@code live}'s when it is lower.
     *
     * @param other a connection without LOCK TABLES (the replacement is not locked)
     */
    public static void carry(Connection other, String schema, String live, String replacement) throws SQLException {
        OptionalLong counter = counter(other, schema, live);
        if (counter.isEmpty()) {
            return;
        }
        OptionalLong own = counter(other, schema, replacement);
        if (own.isPresent() && own.getAsLong() >= counter.getAsLong()) {
            return;
        }
        try (Statement st = other.createStatement()) {
            st.execute("ALTER TABLE " + Identifiers.qualified(schema, replacement) + " AUTO_INCREMENT = "
                    + counter.getAsLong());
        }
    }

    /** The table's next AUTO_INCREMENT value; empty when it has none (or it is still 1). */
    public static OptionalLong counter(Connection c, String schema, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Identifiers.qualified(schema, table))) {
            if (!rs.next()) {
                return OptionalLong.empty();
            }
            String ddl = rs.getString(2);
            String options = ddl.substring(ddl.lastIndexOf('\n') + 1);
            Matcher m = COUNTER.matcher(options);
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        }
    }
}
