package dev.shadowbot.engine.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinlogPositionTest {
    @Test
    void ordersByFileSequenceThenPosition() {
        BinlogPosition a = new BinlogPosition("mysql-bin.000009", 9000, "");
        BinlogPosition b = new BinlogPosition("mysql-bin.000010", 4, "");
        BinlogPosition c = new BinlogPosition("mysql-bin.000010", 500, "0-1-7");
        assertTrue(a.compareTo(b) < 0);
        assertTrue(b.compareTo(c) < 0);
        assertTrue(c.isAtOrAfter(c));
        assertTrue(c.isAtOrAfter(a));
    }
}
