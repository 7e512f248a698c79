package dev.shadowbot.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertEquals("", UnifiedDiff.of("t", "a\nb", "a\nb"));
    }

    @Test
    void createdTableIsAllAdditions() {
        assertEquals("--- a/t\n+++ b/t\n@@ -0,0 +1,2 @@\n+CREATE TABLE `t` (\n+)\n",
                UnifiedDiff.of("t", "", "CREATE TABLE `t` (\n)"));
    }

    @Test
    void changedLineWithContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9";
        String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9";
        assertEquals("--- a/t\n+++ b/t\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
                UnifiedDiff.of("t", before, after));
    }

    @Test
    void farApartChangesAreSeparateHunks() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            a.append(i).append('\n');
            b.append(i == 2 ? "two" : i == 18 ? "eighteen" : String.valueOf(i)).append('\n');
        }
        String diff = UnifiedDiff.of("t", a.toString().strip(), b.toString().strip());
        assertEquals(2, diff.lines().filter(l -> l.startsWith("@@")).count(), diff);
    }

    @Test
    void columnsThatNeedNotMoveAreTheLongestCommonSubsequence() {
        assertEquals(Set.of("id", "a", "b"), Lcs.common(List.of("id", "a", "b", "c"), List.of("id", "c", "a", "b")));
        assertEquals(Set.of("id", "a", "b"), Lcs.common(List.of("id", "a", "b", "c"), List.of("c", "id", "a", "b")));
    }
}
