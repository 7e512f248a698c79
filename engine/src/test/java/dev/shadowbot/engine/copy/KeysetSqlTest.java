package dev.shadowbot.engine.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeysetSqlTest {
    @Test
    void singleColumn() {
        assertEquals("((`id` > ?))", KeysetSql.after(List.of("id")).sql());
        assertEquals("((`id` < ?) OR (`id` = ?))", KeysetSql.atMost(List.of("id")).sql());
        assertEquals(List.of(5L, 5L), KeysetSql.atMost(List.of("id")).bind(new Object[] {5L}));
    }

    @Test
    void compositeKeyExpandsToOrOfAnds() {
        KeysetSql after = KeysetSql.after(List.of("a", "b", "c"));
        assertEquals("((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))", after.sql());
        assertEquals(List.of(1, 1, 2, 1, 2, 3), after.bind(new Object[] {1, 2, 3}));
        KeysetSql atMost = KeysetSql.atMost(List.of("a", "b"));
        assertEquals("((`a` < ?) OR (`a` = ? AND `b` < ?) OR (`a` = ? AND `b` = ?))", atMost.sql());
        assertEquals(List.of("x", "x", "y", "x", "y"), atMost.bind(new Object[] {"x", "y"}));
    }

    @Test
    void identifiersAreQuoted() {
        assertEquals("((`we``ird` > ?))", KeysetSql.after(List.of("we`ird")).sql());
    }
}
