package dev.shadowbot.engine.db;

import java.util.Objects;

/**
 * A point in the server's binary log: {@code file:position}, and the server's GTID state at that point
 * when the server has one (MariaDB {@code @@gtid_binlog_pos}, MySQL {@code @@gtid_executed} with
 * gtid_mode=ON). The stream resumes by GTID when it is known and the server tracks GTIDs (it finds the
 * place on another server too, e.g. a promoted replica), else by {@code file:position}. Ordered by file
 * sequence number, then position; {@link #isAtOrAfter} compares GTID states when both sides have one.
 *
 * @param file     binlog file name, e.g. {@code mysql-bin.000003}
 * @param position byte offset in that file: the start of the next event to read
 * @param gtid     GTID state, empty when the server does not track GTIDs
 */
public record BinlogPosition(String file, long position, String gtid) implements Comparable<BinlogPosition> {
    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        gtid = gtid == null ? "" : gtid;
    }

    /** The numeric suffix of the file name ({@code mysql-bin.000012} → 12). */
    public long fileSequence() {
        int dot = file.lastIndexOf('.');
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Same place, different GTID text. */
    public BinlogPosition withGtid(String gtid) {
        return new BinlogPosition(file, position, gtid);
    }

    @Override
    public int compareTo(BinlogPosition o) {
        int c = Long.compare(fileSequence(), o.fileSequence());
        if (c == 0) {
            c = file.compareTo(o.file);
        }
        return c != 0 ? c : Long.compare(position, o.position);
    }

    /**
     * Every transaction before {@code other} is before this position too. With a GTID state on both
     * sides (of the same flavour) that is GTID containment, which holds across servers and binlog
     * renames; else the {@code file:position} order of one server's binlog.
     */
    public boolean isAtOrAfter(BinlogPosition other) {
        if (!gtid.isEmpty() && !other.gtid.isEmpty() && GtidSets.isMariaDb(gtid) == GtidSets.isMariaDb(other.gtid)) {
            return GtidSets.contains(gtid, other.gtid);
        }
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }
}
