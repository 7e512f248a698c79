package dev.shadowbot.engine.db;

import com.github.shyiko.mysql.binlog.GtidSet;
import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides how a change stream resumes at a stored position on this server, and refuses a position the
 * server cannot serve: a GTID state naming transactions the server never had or whose binlogs it
 * purged; a {@code file:position} whose file is gone, or that lies past the end of the server's binlog
 * (after {@code RESET MASTER}, or on another server) — which would otherwise count as "caught up" and
 * silently skip every change since. The check only reads.
 */
public final class BinlogPositionCheck {
    /** How the stream resumes. */
    public enum Mode {
        /** From the GTID state ({@code BinaryLogClient.setGtidSet}); the checkpoints carry GTID states. */
        GTID,
        /** From {@code file:position}. */
        FILE_POSITION
    }

    /** A stored position this server cannot serve; nothing was changed. Code {@link ErrorCode#BINLOG_GONE}. */
    public static final class Refused extends ShadowbotException {
        private static final long serialVersionUID = 1L;

        Refused(String message, String nextStep) {
            super(ErrorCode.BINLOG_GONE, message, nextStep);
        }
    }

    record Log(String name, long size) {
        long sequence() {
            return new BinlogPosition(name, 0, "").fileSequence();
        }
    }

    static final String SHOW_BINARY_LOGS = "SHOW BINARY LOGS";
    static final String MYSQL_GTIDS = "SELECT @@GLOBAL.gtid_executed, @@GLOBAL.gtid_purged";
    static final String MARIADB_GTIDS = "SELECT @@GLOBAL.gtid_binlog_pos";
    static final String MARIADB_FILE_START = "SELECT BINLOG_GTID_POS(?, 4)";

    private BinlogPositionCheck() {
    }

    /**
     * How to resume at {@code from}: by GTID when it has a GTID state of this server's flavour and the
     * server tracks GTIDs, else by file:position. Throws {@link Refused} (its message names {@code who}
     * and the position, its next step is {@code nextStep}) when the server cannot serve it.
     */
    public static Mode check(Connection c, BinlogPosition from, String who, String nextStep) throws SQLException {
        ServerInfo info = ServerInfo.detect(c);
        boolean gtid = !from.gtid().isEmpty() && GtidSets.isMariaDb(from.gtid()) == info.isMariaDb()
                && BinlogPositions.tracksGtids(c, info);
        List<Log> logs = binaryLogs(c);
        if (gtid) {
            String why = info.isMariaDb() ? mariaDbGtidProblem(c, from.gtid(), logs) : mySqlGtidProblem(c, from.gtid());
            if (why != null) {
                throw refused(c, who, from, why, nextStep);
            }
            return Mode.GTID;
        }
        if (logs != null) {
            String why = fileProblem(from, logs);
            if (why != null) {
                throw refused(c, who, from, why, nextStep);
            }
        }
        return Mode.FILE_POSITION;
    }

    private static Refused refused(Connection c, String who, BinlogPosition from, String why, String nextStep) {
        // The retention in force goes with every refusal: it is the setting to raise so the next one is not refused.
        return new Refused(who + " cannot resume its change stream at " + from
                + (from.gtid().isEmpty() ? "" : " (GTID " + from.gtid() + ")") + ": " + why + ". The changes since"
                + " then cannot be replayed, so its shadow tables cannot be trusted; nothing was changed",
                nextStep + "; " + BinlogRetention.read(c).advice());
    }

    /** The server's binlogs, oldest first; null when they cannot be listed (e.g. privileges). */
    static List<Log> binaryLogs(Connection c) {
        List<Log> logs = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SHOW_BINARY_LOGS)) {
            while (rs.next()) {
                logs.add(new Log(rs.getString(1), rs.getLong(2)));
            }
            return logs;
        } catch (SQLException e) {
            return null; // cannot tell: the dump itself reports what it cannot read
        }
    }

    /** Why {@code from}'s file:position cannot be read on a server with these binlogs; null when it can. */
    static String fileProblem(BinlogPosition from, List<Log> logs) {
        if (logs.isEmpty()) {
            return "the server has no binary logs";
        }
        Log oldest = logs.get(0);
        Log newest = logs.get(logs.size() - 1);
        for (Log l : logs) {
            if (l.name().equals(from.file())) {
                if (from.position() > l.size()) {
                    return "the position is past the end of the server's binary log (" + l.name() + " has only "
                            + l.size() + " bytes; was the binary log reset with RESET MASTER, or is this another server?)";
                }
                return null;
            }
        }
        if (from.fileSequence() > newest.sequence()) {
            return "the position is past the end of the server's binary log (newest file: " + newest.name() + " at "
                    + newest.size() + " bytes; was the binary log reset with RESET MASTER, or is this another server?)";
        }
        return "the binlog file " + from.file() + " is no longer on the server (purged or expired; oldest kept: "
                + oldest.name() + ")";
    }

    private static String mySqlGtidProblem(Connection c, String stored) throws SQLException {
        String executed;
        String purged;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(MYSQL_GTIDS)) {
            rs.next();
            executed = GtidSets.clean(String.valueOf(rs.getString(1)));
            purged = GtidSets.clean(String.valueOf(rs.getString(2)));
        }
        if (!GtidSets.contains(executed, stored)) {
            return "the stored GTID set has transactions this server never had (gtid_executed: " + executed
                    + "; was the binary log reset with RESET MASTER, or is this another server?)";
        }
        if (!new GtidSet(purged).isContainedWithin(new GtidSet(GtidSets.clean(stored)))) {
            return "the server purged binlogs with transactions the stream still needs (gtid_purged: " + purged + ")";
        }
        return null;
    }

    private static String mariaDbGtidProblem(Connection c, String stored, List<Log> logs) throws SQLException {
        String binlogPos;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(MARIADB_GTIDS)) {
            rs.next();
            binlogPos = GtidSets.clean(String.valueOf(rs.getString(1)));
        }
        if (!GtidSets.contains(binlogPos, stored)) {
            return "the stored GTID position has transactions this server's binary log never had (gtid_binlog_pos: "
                    + (binlogPos.isEmpty() ? "empty" : binlogPos)
                    + "; was the binary log reset with RESET MASTER, or is this another server?)";
        }
        if (logs == null || logs.isEmpty()) {
            return null;
        }
        // The GTID state at the start of the oldest binlog kept: every transaction of a domain up to it is purged.
        String atStart;
        try (PreparedStatement ps = c.prepareStatement(MARIADB_FILE_START)) {
            ps.setString(1, logs.get(0).name());
            try (ResultSet rs = ps.executeQuery()) {
                atStart = rs.next() && rs.getString(1) != null ? GtidSets.clean(rs.getString(1)) : "";
            }
        }
        Map<Long, Long> have = GtidSets.mariaDbDomains(stored);
        for (Map.Entry<Long, Long> e : GtidSets.mariaDbDomains(atStart).entrySet()) {
            Long seq = have.get(e.getKey());
            if (seq == null || seq < e.getValue()) {
                return "the server purged binlogs with transactions the stream still needs (the oldest binlog kept, "
                        + logs.get(0).name() + ", starts after GTID " + atStart + ")";
            }
        }
        return null;
    }
}
