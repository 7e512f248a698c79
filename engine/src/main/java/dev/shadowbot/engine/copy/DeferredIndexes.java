package dev.shadowbot.engine.copy;

import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a large shadow's plain secondary indexes after the copy instead of row by row during it:
 * inserting a million rows in key order into a table with secondary indexes on random values costs
 * several times the copy itself, while the server builds the same index from the finished table in
 * one sorted pass. Only non-unique {@code KEY}s are deferred (a unique index must reject duplicates
 * during the copy; FULLTEXT and SPATIAL are left alone).
 *
 * <p>Nothing is remembered outside the server: {@link #restore} derives the indexes the shadow must
 * have from the live table and the change ({@code CREATE TABLE scratch LIKE live} + the ALTER clauses)
 * and adds whichever are missing, so a driver that died between drop and restore is repaired by the
 * next one.
 */
public final class DeferredIndexes {
    private static final Pattern PLAIN_KEY = Pattern.compile("^\\s*KEY\\s+(`(?:[^`]|``)+`)\\s.*?,?$");

    private DeferredIndexes() {
    }

    /** A plain secondary index: its quoted name and its definition as SHOW CREATE TABLE prints it. */
    record Key(String quotedName, String definition) {
    }

    /** Drops the shadow's plain secondary indexes; returns their names. */
    public static List<String> drop(Connection c, String schema, String shadow) throws SQLException {
        List<Key> keys = plainKeys(c, schema, shadow);
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> clauses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Key k : keys) {
            clauses.add("DROP INDEX " + k.quotedName());
            names.add(k.quotedName());
        }
        exec(c, "ALTER TABLE " + Identifiers.qualified(schema, shadow) + " " + String.join(", ", clauses));
        return names;
    }

    /**
     * Adds to the shadow every plain index that {@code live} + {@code alterClauses} has and the shadow
     * lacks, in one online ALTER; returns the names added. {@code scratch} is a free table name used
     * (and dropped) to derive them.
     */
    public static List<String> restore(Connection c, String schema, String live, String shadow, String alterClauses,
                                       String scratch) throws SQLException {
        String q = Identifiers.qualified(schema, scratch);
        List<Key> wanted;
        exec(c, "DROP TABLE IF EXISTS " + q);
        try {
            exec(c, "CREATE TABLE " + q + " LIKE " + Identifiers.qualified(schema, live));
            exec(c, "ALTER TABLE " + q + " " + alterClauses);
            wanted = plainKeys(c, schema, scratch);
        } finally {
            exec(c, "DROP TABLE IF EXISTS " + q);
        }
        List<String> have = plainKeys(c, schema, shadow).stream().map(Key::quotedName).toList();
        List<String> clauses = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Key k : wanted) {
            if (!have.contains(k.quotedName())) {
                clauses.add("ADD " + k.definition());
                added.add(k.quotedName());
            }
        }
        if (!clauses.isEmpty()) {
            exec(c, "ALTER TABLE " + Identifiers.qualified(schema, shadow) + " " + String.join(", ", clauses));
        }
        return added;
    }

    static List<Key> plainKeys(Connection c, String schema, String table) throws SQLException {
        String ddl;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Identifiers.qualified(schema, table))) {
            rs.next();
            ddl = rs.getString(2);
        }
        return parse(ddl);
    }

    /** The plain {@code KEY} lines of a SHOW CREATE TABLE text. */
    static List<Key> parse(String ddl) {
        List<Key> keys = new ArrayList<>();
        for (String line : ddl.split("\n")) {
            Matcher m = PLAIN_KEY.matcher(line);
            if (m.matches()) {
                String def = line.trim();
                if (def.endsWith(",")) {
                    def = def.substring(0, def.length() - 1);
                }
                keys.add(new Key(m.group(1), def));
            }
        }
        return keys;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
