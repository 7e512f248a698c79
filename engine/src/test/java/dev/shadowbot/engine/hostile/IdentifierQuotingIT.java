package dev.shadowbot.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.testing.RealDatabase;
import dev.shadowbot.engine.testing.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Names built to break quoting (backticks, quotes, comment starts, semicolons, reserved words,
 * unicode) are created on a real server through {@link Identifiers#quote} and read back exactly:
 * the server saw one identifier, not injected SQL.
 */
@RealDatabase
class IdentifierQuotingIT {
    private static final String[] NASTY = {"`", "``", "'", "\"", ";", "--", "/*", "*/", "#", "\\", " ", "DROP TABLE x",
        "select", "é", "表", "%", "$", "\t"};

    @Test
    void hostileNamesRoundTripThroughTheServer(TestDb db) throws Exception {
        Random r = new Random(20261121L);
        List<String> names = new ArrayList<>(List.of("`; DROP TABLE t; --", "a``b", "select", "名前", "x'y\"z",
                "back\\slash", "/* c */"));
        while (names.size() < 60) {
            StringBuilder sb = new StringBuilder();
            int parts = 1 + r.nextInt(5);
            for (int i = 0; i < parts; i++) {
                sb.append(NASTY[r.nextInt(NASTY.length)]);
                if (r.nextBoolean()) {
                    sb.append((char) ('a' + r.nextInt(26)));
                }
            }
            String n = sb.toString().strip();
            if (!n.isEmpty() && n.length() <= 64 && !names.contains(n)) {
                names.add(n);
            }
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (int i = 0; i < names.size(); i++) {
                String table = names.get(i);
                String column = "c " + names.get((i + 1) % names.size());
                column = column.length() > 64 ? column.substring(0, 64).strip() : column;
                st.execute("CREATE TABLE " + Identifiers.quote(table) + " (" + Identifiers.quote(column) + " INT)");
                try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                        + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(column, rs.getString(1), "column of table " + table);
                    }
                }
            }
        }
        assertEquals(String.valueOf(names.size()),
                db.scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"),
                "exactly one table per name: nothing injected, nothing dropped");
    }
}
