package dev.shadowbot.bot.comment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Long plans are cut between blocks, never inside a code fence or {@code <details>}, and say what was left out. */
class BlockCutTest {
    /** A plan-like page: per table a heading, a table row, a collapsed diff in a fence, the DDL in a fence. */
    static String page(Random r, int tables) {
        StringBuilder md = new StringBuilder("<!-- shadowbot:sticky -->\n### shadowbot · deploy request\n\n");
        for (int t = 0; t < tables; t++) {
            md.append("#### Table `t").append(t).append("`\n\n| change | ALTER |\n|---|---|\n\n");
            md.append("<details><summary>diff</summary>\n\n```diff\n");
            for (int i = 0, n = 5 + r.nextInt(60); i < n; i++) {
                md.append("+  `c").append(i).append("` VARCHAR(").append(r.nextInt(500)).append(") NULL,\n\n");
            }
            md.append("```\n\n</details>\n\n```sql\nALTER TABLE `t").append(t).append("` ADD COLUMN x INT;\n```\n\n");
        }
        return md.toString();
    }

    private static long fences(String s) {
        return s.lines().filter(l -> l.strip().startsWith("```")).count();
    }

    private static int occurrences(String s, String what) {
        return s.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void aShortPageIsUnchanged() {
        String md = page(new Random(1), 3);
        assertEquals(md, BlockCut.cut(md, 65_000, "elsewhere"));
    }

    @Test
    void aLongPageIsCutBetweenBlocksAndNamesWhatWasLeftOut() {
        for (int seed = 0; seed < 40; seed++) {
            Random r = new Random(seed);
            String md = page(r, 200 + r.nextInt(400));
            int max = 5_000 + r.nextInt(60_000);
            String cut = BlockCut.cut(md, max, "The check run has the full plan.");
            assertTrue(cut.length() <= max, "seed " + seed + ": " + cut.length() + " > " + max);
            String kept = cut.substring(0, cut.indexOf("\n---\n\n✂️ **Cut:**"));
            assertTrue(md.startsWith(kept), "a prefix of the page");
            assertEquals(0, fences(kept) % 2, "seed " + seed + ": not inside a code fence");
            assertEquals(occurrences(kept, "<details>"), occurrences(kept, "</details>"), "seed " + seed);
            String rest = md.substring(kept.length());
            assertTrue(cut.contains(rest.length() + " more characters"), cut.substring(kept.length()));
            String firstLeftOut = rest.lines().filter(l -> l.startsWith("#### ")).findFirst().orElseThrow();
            assertTrue(cut.contains("- " + firstLeftOut.substring(5)), "names the first section left out");
            assertTrue(cut.endsWith("The check run has the full plan.\n"));
        }
    }
}
