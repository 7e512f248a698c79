package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenameHintsTest {

    private static ColumnModel col(String name, int position) {
        return new ColumnModel(name, position, "`" + name + "` int(11) DEFAULT NULL", "int", "int(11)", null, null, true,
                null, true, null, null, false, false, "", false);
    }

    @Test
    void eachDroppedColumnGetsOnlyItsBestMatch() {
        // Three dropped and three added int columns: one hint each, not nine.
        List<String> hints = TableDiffer.renameHints(List.of(col("user_name", 2), col("age", 3), col("zip", 4)),
                List.of(col("username", 2), col("zip_code", 4), col("years", 3)));
        assertEquals(List.of("user_name -> username", "age -> years", "zip -> zip_code"), hints);
    }

    @Test
    void moreAddedThanDroppedLeavesTheRestUnpaired() {
        assertEquals(List.of("a -> a2"), TableDiffer.renameHints(List.of(col("a", 1)),
                List.of(col("zzz", 1), col("a2", 5))));
    }
}
