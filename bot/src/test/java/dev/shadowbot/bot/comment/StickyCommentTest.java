package dev.shadowbot.bot.comment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.deploy.PlanningService.DatabasePlan;
import dev.shadowbot.bot.deploy.PrReview;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
import dev.shadowbot.bot.store.DeployRequestState;
import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.schema.ChangeKind;
import dev.shadowbot.engine.schema.TableChange;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StickyCommentTest {
    static final PullRequestInfo PR = new PullRequestInfo(12, "open", false, "abcdef0123456789abcdef0123456789abcdef01",
            "main", "alice", "t", "https://github.com/acme/shop/pull/12", "acme/shop", "acme/shop", "main");

    static TableChange change(String table, int diffLines, String ddl) {
        String diff = IntStream.range(0, diffLines).mapToObj(i -> "+  `c" + i + "` int").collect(Collectors.joining("\n"));
        return new TableChange(table, ChangeKind.ALTER, List.of(ddl), "", diff, table + ".sql", 1);
    }

    static PrReview review(DatabasePlan plan, DeployRequestState state) {
        return new PrReview("acme/shop", PR, List.of(), List.of(new DbResult("app", "db/app", state, plan, "", false)),
                true, "");
    }

    @Test
    void shortDiffsAreOpenLongOnesCollapsed() {
        DatabasePlan plan = new DatabasePlan("app", List.of(change("small", 3, "ALTER TABLE `small` ADD x int"),
                change("big", 31, "ALTER TABLE `big` ADD y int")), List.of(), List.of(), true);
        String md = new StickyComment("").render(review(plan, DeployRequestState.PLANNED));
        assertTrue(md.startsWith(StickyComment.MARKER));
        assertTrue(md.contains("<details open><summary><code>small</code>"), md);
        assertTrue(md.contains("<details><summary><code>big</code>"), md);
        assertTrue(md.contains("Head `abcdef0`"), md);
        assertTrue(md.contains("`/deploy`"), md);
    }

    @Test
    void textFromTheRepositoryCannotForgeTheMarkerOrBreakTheTable() {
        Finding f = Finding.of(LintCode.RESERVED_WORD, "t", "t.sql", 2,
                "name <!-- shadowbot:sticky --> | </details>", "explanation");
        DatabasePlan plan = new DatabasePlan("app", List.of(), List.of(f), List.of(), false);
        String md = new StickyComment("https://docs.example/").render(review(plan, DeployRequestState.PLAN_FAILED));
        assertEquals(1, md.split("<!-- shadowbot:sticky -->", -1).length - 1, "only our own marker");
        assertFalse(md.contains("</details>"), md);
        assertTrue(md.contains("\\|"), md);
        assertTrue(md.contains("[`reserved-word`](https://docs.example/lint.md#reserved-word)"), md);
        assertTrue(md.contains("`db/app/t.sql:2`"), md);
    }

    @Test
    void aForkIsToldItIsNotPlannedAndNeverDeploysAndAPolicyChangeThatItAppliesAfterMerge() {
        PullRequestInfo fork = new PullRequestInfo(12, "open", false, PR.headSha(), "main", "eve", "t", PR.htmlUrl(),
                "acme/shop", "eve/<b>shop", "main");
        PrReview held = new PrReview("acme/shop", fork, List.of(), List.of(), true, "", List.of(), List.of("app"), true,
                "", java.util.Optional.empty());
        String md = new StickyComment("").render(held);
        assertTrue(md.contains("comes from the fork `eve/&lt;b&gt;shop`") && md.contains("**never deploys**")
                && md.contains("Database `app` — not planned (pull request from a fork)")
                && md.contains("someone with write access comments `/plan`"), md);
        assertTrue(md.contains("changes `.github/shadowbot.yml`") && md.contains("applies after this pull request"
                + " merges"), md);
        assertFalse(md.contains("then comment `/deploy`"), "a fork is never told to deploy: " + md);
        assertEquals(dev.shadowbot.bot.deploy.Verdict.ACTION_REQUIRED, held.verdict(), "not passing until planned");
        assertTrue(StickyComment.title(held).startsWith("Fork pull request: not planned"));
    }

    @Test
    void aHugePlanIsCutBelowGitHubsCommentLimit() {
        String ddl = "ALTER TABLE `t` " + "ADD COLUMN `x` int, ".repeat(500);
        List<TableChange> many = IntStream.range(0, 40).mapToObj(i -> change("t" + i, 10, ddl)).toList();
        String md = new StickyComment("").render(review(new DatabasePlan("app", many, List.of(), List.of(), true),
                DeployRequestState.PLANNED));
        assertTrue(md.length() <= 65_536, "length " + md.length());
        String tail = md.substring(md.length() - 1500);
        assertTrue(md.contains("✂️ **Cut:**") && md.endsWith("`shadowbot plan` on this head prints all of it.\n"), tail);
        assertTrue(tail.contains("- `t6` — alter") && tail.contains("and 20 more sections"), "names what was left out: " + md.substring(md.indexOf("✂️")));
        assertEquals(0, md.lines().filter(l -> l.strip().startsWith("```")).count() % 2, "not cut inside a fence");
    }

    @Test
    void namesWithBackticksStayInsideTheirCodeSpan() {
        assertEquals("`orders`", StickyComment.code("orders"));
        assertEquals("``a`b``", StickyComment.code("a`b"));
        assertEquals("``` ``x`` ```", StickyComment.code("``x``"));
        assertEquals("`` `lead ``", StickyComment.code("`lead"));
        assertEquals("`<!-- shadowbot:sticky -->`", StickyComment.code("<!-- shadowbot:sticky -->"),
                "inside a code span HTML is text: no entity escaping (it would show)");
        assertEquals("`two lines`", StickyComment.code("two\nlines"));
    }
}
