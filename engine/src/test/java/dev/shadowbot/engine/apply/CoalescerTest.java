package dev.shadowbot.engine.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.engine.apply.Coalescer.Op;
import dev.shadowbot.engine.change.StreamItem.RowChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalescerTest {
    private static Object[] row(Object... v) {
        return v;
    }

    private static RowChange insert(Object[] r) {
        return new RowChange("t", null, r);
    }

    private static RowChange update(Object[] before, Object[] after) {
        return new RowChange("t", before, after);
    }

    private static RowChange delete(Object[] r) {
        return new RowChange("t", r, null);
    }

    @Test
    void repeatedChangesToOneKeyCollapseToTheLastImage() {
        Coalescer c = new Coalescer(new int[] {0});
        c.add(insert(row(1L, "a")));
        c.add(update(row(1L, "a"), row(1L, "b")));
        c.add(update(row(1L, "b"), row(1L, "c")));
        List<Op> ops = c.ops();
        assertEquals(1, ops.size());
        assertArrayEquals(row(1L, "c"), ops.get(0).row());
        assertEquals(3, c.changes());
    }

    @Test
    void insertThenDeleteIsADelete() {
        Coalescer c = new Coalescer(new int[] {0});
        c.add(insert(row(1L, "a")));
        c.add(delete(row(1L, "a")));
        assertEquals(List.of(true), c.ops().stream().map(Op::delete).toList());
    }

    @Test
    void aKeyChangeDeletesTheOldKeyAndWritesTheNew() {
        Coalescer c = new Coalescer(new int[] {0});
        c.add(update(row(1L, "a"), row(9L, "a")));
        List<Op> ops = c.ops();
        assertEquals(2, ops.size());
        assertEquals(true, ops.get(0).delete());
        assertEquals(1L, ops.get(0).row()[0]);
        assertEquals(false, ops.get(1).delete());
        assertEquals(9L, ops.get(1).row()[0]);
    }

    @Test
    void operationsComeInOrderOfEachKeysLastChange() {
        // 'a' and 'A' are one row under a case-insensitive collation: insert 'a', delete 'A'
        // must end deleted, so the delete must run after the insert.
        Coalescer c = new Coalescer(new int[] {0});
        c.add(insert(row("A", 1)));
        c.add(insert(row("b", 1)));
        c.add(delete(row("A", 1)));
        c.add(insert(row("a", 2)));
        c.add(delete(row("a", 2)));
        List<Op> ops = c.ops();
        assertEquals(List.of("b", "A", "a"), ops.stream().map(o -> o.row()[0]).toList());
        assertEquals(List.of(false, true, true), ops.stream().map(Op::delete).toList());
    }

    @Test
    void binaryKeysCompareByContent() {
        Coalescer c = new Coalescer(new int[] {0, 1});
        c.add(insert(row(new byte[] {1, 2}, 5L, "x")));
        c.add(update(row(new byte[] {1, 2}, 5L, "x"), row(new byte[] {1, 2}, 5L, "y")));
        assertEquals(1, c.ops().size());
        assertEquals("y", c.ops().get(0).row()[2]);
    }
}
