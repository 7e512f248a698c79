package dev.shadowbot.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GtidSetsTest {
    private static final String UUID_A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String UUID_B = "7c66d673-e59e-11f1-8cd1-02fc00000001";

    @Test
    void mariaDbPositionsCompareBySequencePerDomainWhateverTheServerId() {
        assertTrue(GtidSets.contains("0-1-10", "0-1-7"));
        assertTrue(GtidSets.contains("0-2-11", "0-1-10"), "a promoted replica's own GTIDs continue the domain");
        assertFalse(GtidSets.contains("0-1-7", "0-1-10"));
        assertFalse(GtidSets.contains("0-1-10", "0-1-7,1-3-4"), "a domain the server does not have");
        assertTrue(GtidSets.contains("0-1-10,1-3-9", "1-3-4,0-1-7"));
        assertFalse(GtidSets.contains("", "0-1-1"), "after RESET MASTER the server has nothing");
        assertTrue(GtidSets.contains("", ""));
    }

    @Test
    void mySqlSetsCompareByContainment() {
        assertTrue(GtidSets.contains(UUID_A + ":1-100", UUID_A + ":1-50"));
        assertFalse(GtidSets.contains(UUID_A + ":1-50", UUID_A + ":1-51"));
        assertFalse(GtidSets.contains(UUID_A + ":1-100", UUID_A + ":1-5,\n" + UUID_B + ":1"));
        assertTrue(GtidSets.contains(UUID_A + ":1-100,\n" + UUID_B + ":1-3", UUID_B + ":1-2"));
        assertFalse(GtidSets.contains("0-1-10", UUID_A + ":1"), "flavours do not mix");
    }

    @Test
    void positionsWithGtidStatesCompareByThemEvenAcrossBinlogNames() {
        BinlogPosition primary = new BinlogPosition("mysql-bin.000009", 9000, "0-1-50");
        BinlogPosition replicaBehind = new BinlogPosition("replica-bin.000001", 400, "0-1-40");
        BinlogPosition replicaAhead = new BinlogPosition("replica-bin.000001", 500, "0-2-51");
        assertTrue(primary.isAtOrAfter(replicaBehind));
        assertFalse(primary.isAtOrAfter(replicaAhead), "by file sequence 9 > 1 it would count as caught up");
        assertTrue(new BinlogPosition("b.000001", 4, "").isAtOrAfter(new BinlogPosition("b.000001", 4, "0-1-1")),
                "without a GTID state on one side: file:position");
    }

    @Test
    void aFilePositionPastTheEndOrPurgedIsAProblem() {
        List<BinlogPositionCheck.Log> logs = List.of(new BinlogPositionCheck.Log("mysql-bin.000003", 5000),
                new BinlogPositionCheck.Log("mysql-bin.000004", 700));
        assertNull(BinlogPositionCheck.fileProblem(new BinlogPosition("mysql-bin.000004", 700, ""), logs));
        assertNull(BinlogPositionCheck.fileProblem(new BinlogPosition("mysql-bin.000003", 120, ""), logs));
        assertTrue(BinlogPositionCheck.fileProblem(new BinlogPosition("mysql-bin.000004", 701, ""), logs)
                .contains("past the end"));
        assertTrue(BinlogPositionCheck.fileProblem(new BinlogPosition("mysql-bin.000009", 4, ""), logs)
                .contains("past the end"), "RESET MASTER renumbered the files");
        assertTrue(BinlogPositionCheck.fileProblem(new BinlogPosition("mysql-bin.000002", 4, ""), logs)
                .contains("no longer on the server"));
        assertEquals("the server has no binary logs",
                BinlogPositionCheck.fileProblem(new BinlogPosition("mysql-bin.000002", 4, ""), List.of()));
    }
}
