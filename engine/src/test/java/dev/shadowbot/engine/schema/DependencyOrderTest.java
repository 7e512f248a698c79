package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {

    private static TableModel table(String name, String... references) {
        List<ForeignKeyModel> fks = java.util.Arrays.stream(references)
                .map(r -> new ForeignKeyModel("fk_" + name + "_" + r, List.of("x"), null, r, List.of("id"), null, null, ""))
                .toList();
        return new TableModel(name, List.of(), List.of(), fks, List.of(),
                new TableOptions("InnoDB", "utf8mb4", "utf8mb4_bin", null, "", null, Map.of()), "");
    }

    @Test
    void referencedTablesComeFirstAndOthersKeepTheirOrder() {
        Map<String, TableModel> m = Map.of(
                "a_child", table("a_child", "m_parent"),
                "m_parent", table("m_parent", "z_grand"),
                "z_grand", table("z_grand"),
                "other", table("other", "outside"),
                "self", table("self", "self"));
        assertEquals(List.of("z_grand", "m_parent", "a_child", "other", "self"),
                DependencyOrder.referencedFirst(List.of("a_child", "m_parent", "other", "self", "z_grand"), m));
    }

    @Test
    void aCycleStillListsEveryTableOnce() {
        Map<String, TableModel> m = Map.of("a", table("a", "b"), "b", table("b", "a"));
        assertEquals(List.of("b", "a"), DependencyOrder.referencedFirst(List.of("a", "b"), m));
    }
}
