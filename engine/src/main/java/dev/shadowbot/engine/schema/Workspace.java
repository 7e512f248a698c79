package dev.shadowbot.engine.schema;

import dev.shadowbot.engine.db.Identifiers;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A temporary schema on the target server in which the desired CREATE statements run, so that the
 * server itself says what they mean (Skeema's and Atlas's "workspace"). The name
 * {@code _shadowbot_ws_<random>} never collides with a user schema; {@link #close()} drops it.
 */
final class Workspace implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern AT_LINE = Pattern.compile(" at line (\\d+)\\s*$");
    private static final Pattern NEAR = Pattern.compile("near '(.*)' at line \\d+\\s*$", Pattern.DOTALL);

    private final Connection connection;
    private final String name;
    private final boolean binlogOff;

    private Workspace(Connection connection, String name, boolean binlogOff) {
        this.connection = connection;
        this.name = name;
        this.binlogOff = binlogOff;
    }

    /** Creates a workspace with the given default charset and collation, on a connection it then owns the session of. */
    static Workspace create(Connection connection, String charset, String collation) throws SQLException {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        String name = WorkspaceSql.PREFIX + HexFormat.of().formatHex(b);
        prepareSession(connection);
        boolean binlogOff = skipBinlog(connection);
        try (Statement st = connection.createStatement()) {
            st.execute(WorkspaceSql.CREATE_DATABASE + Identifiers.quote(name) + WorkspaceSql.CHARACTER_SET
                    + Identifiers.quote(charset) + WorkspaceSql.COLLATE + Identifiers.quote(collation));
            st.execute(WorkspaceSql.USE + Identifiers.quote(name));
        }
        return new Workspace(connection, name, binlogOff);
    }

    /**
     * Makes SHOW CREATE TABLE print the shape {@link ShowCreateParser} expects: backtick quotes, no
     * ANSI_QUOTES. Other sql_mode flags (strictness) stay as the server is configured.
     */
    static void prepareSession(Connection connection) throws SQLException {
        String mode;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(WorkspaceSql.SELECT_SQL_MODE)) {
            rs.next();
            mode = rs.getString(1) == null ? "" : rs.getString(1);
        }
        String cleaned = Arrays.stream(mode.split(","))
                .filter(f -> !f.isBlank() && !f.equals("ANSI_QUOTES") && !f.equals("ANSI") && !f.startsWith("NO_FIELD_OPTIONS")
                        && !f.startsWith("NO_KEY_OPTIONS") && !f.startsWith("NO_TABLE_OPTIONS") && !f.equals("MYSQL323")
                        && !f.equals("MYSQL40"))
                .collect(Collectors.joining(","));
        try (PreparedStatement ps = connection.prepareStatement(WorkspaceSql.SET_SQL_MODE)) {
            ps.setString(1, cleaned);
            ps.execute();
        }
        try (Statement st = connection.createStatement()) {
            st.execute(WorkspaceSql.QUOTE_SHOW_CREATE);
        }
    }

    /**
     * Keeps workspace DDL out of the binary log when the user may do so (faster, and replicas never
     * see it). Returns whether it did; {@link #close()} turns logging back on for the session.
     */
    static boolean skipBinlog(Connection connection) {
        try (Statement st = connection.createStatement()) {
            st.execute(WorkspaceSql.NO_BINLOG);
            return true;
        } catch (SQLException e) {
            // Without SUPER / BINLOG ADMIN the workspace DDL is logged; that is slower, not wrong.
            return false;
        }
    }

    String name() {
        return name;
    }

    /**
     * Runs every desired CREATE statement as written. Statements that fail because a referenced table
     * does not exist yet are retried after the others; what still fails is run once more with foreign
     * key checks off (cycles). Every statement the server refuses for another reason becomes a
     * {@link SourceProblem} with the server's message at the statement's file:line:column, and they
     * are thrown together once all statements were tried.
     */
    void apply(List<TableSource> tables) throws SQLException {
        List<TableSource> pending = new ArrayList<>(tables);
        List<SourceProblem> rejected = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            st.execute(WorkspaceSql.FK_CHECKS_ON);
            boolean progress = true;
            while (!pending.isEmpty() && progress) {
                progress = false;
                List<TableSource> failed = new ArrayList<>();
                for (TableSource t : pending) {
                    try {
                        st.execute(t.createSql());
                        progress = true;
                    } catch (SQLException e) {
                        if (isForeignKeyOrder(e)) {
                            failed.add(t);
                        } else {
                            rejected.add(rejection(t, e));
                        }
                    }
                }
                pending = failed;
            }
            if (!pending.isEmpty()) {
                st.execute(WorkspaceSql.FK_CHECKS_OFF);
                try {
                    for (TableSource t : pending) {
                        try {
                            st.execute(t.createSql());
                        } catch (SQLException e) {
                            rejected.add(rejection(t, e));
                        }
                    }
                } finally {
                    st.execute(WorkspaceSql.FK_CHECKS_ON);
                }
            }
        }
        if (!rejected.isEmpty()) {
            rejected.sort(java.util.Comparator.comparing(SourceProblem::file).thenComparingInt(SourceProblem::line));
            throw new SchemaRejectedException(rejected);
        }
    }

    /** Errors that mean "the referenced table is not there yet" (MySQL 1824, 1215; MariaDB 1005/150). */
    private static boolean isForeignKeyOrder(SQLException e) {
        int code = e.getErrorCode();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        return code == 1824 || code == 1215 || (code == 1005 && msg.contains("errno: 150"));
    }

    /**
     * The server's refusal at the statement's location. A syntax error names a line of the statement
     * ("… near 'x' at line 3") and the text from the offending token on, which gives the column.
     */
    static SourceProblem rejection(TableSource t, SQLException e) {
        String msg = e.getMessage() == null ? "unknown error" : e.getMessage().trim();
        int line = t.line();
        int column = t.column();
        Matcher m = AT_LINE.matcher(msg);
        if (m.find()) {
            int rel = Integer.parseInt(m.group(1));
            String[] lines = t.createSql().split("\n", -1);
            if (rel >= 1 && rel <= lines.length) {
                line = t.line() + rel - 1;
                column = rel == 1 ? t.column() : 1;
                Matcher near = NEAR.matcher(msg);
                if (near.find() && !near.group(1).isEmpty()) {
                    // The server quotes the statement from the offending token on: find that text on the line.
                    int lineStart = 0;
                    for (int k = 0; k < rel - 1; k++) {
                        lineStart += lines[k].length() + 1;
                    }
                    int at = t.createSql().indexOf(near.group(1), lineStart);
                    if (at < 0 || at > lineStart + lines[rel - 1].length()) {
                        int first = lines[rel - 1].indexOf(near.group(1).split("\n", -1)[0]);
                        at = first < 0 ? -1 : lineStart + first;
                    }
                    if (at >= 0) {
                        column += at - lineStart;
                    }
                }
            }
        }
        return new SourceProblem(t.file(), line, column, SourceProblem.SERVER_REJECTED,
                "the server rejected CREATE TABLE `" + t.name() + "`: " + msg);
    }

    Map<String, TableModel> read() throws SQLException {
        return SchemaReader.read(connection, name);
    }

    @Override
    public void close() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(WorkspaceSql.DROP_DATABASE + Identifiers.quote(name));
            if (binlogOff) {
                st.execute(WorkspaceSql.BINLOG_BACK_ON);
            }
        }
    }
}
