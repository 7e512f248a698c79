package dev.shadowbot.bot.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.DeployQueue.Request;
import dev.shadowbot.bot.store.DeployQueue.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployStatusViewTest {
    private static Entry entry(long id, String db, Status status, Request req, Instant cutover) {
        return new Entry(id, "acme/shop", 7, 1, db, "a".repeat(40), status, req, "{}", status == Status.QUEUED ? null : 40L,
                "bob", Duration.ofMinutes(30), "copying, `orders` 50/100 rows (50%)", null,
                Instant.parse("2026-11-21T07:00:00Z"), null, cutover, cutover == null ? null : 12L);
    }

    @Test
    void spliceReplacesTheDeploySectionAndKeepsThePlan() {
        String plan = "<!-- shadowbot:sticky -->\n### plan\n";
        String one = DeployStatusView.splice(plan, DeployStatusView.section(
                List.of(entry(1, "app", Status.RUNNING, null, null)), e -> 1));
        assertTrue(one.startsWith(plan.strip()) && one.contains("building shadow tables"), one);
        String two = DeployStatusView.splice(one, DeployStatusView.section(
                List.of(entry(1, "app", Status.STAGED, null, null)), e -> 1));
        assertEquals(1, two.split(DeployStatusView.BEGIN, -1).length - 1, "one section: " + two);
        assertTrue(two.contains("staged: merge to cut over") && !two.contains("building"), two);
        assertEquals(plan, DeployStatusView.splice(two, ""));
    }

    @Test
    void showsQueuePositionAndRevertWindowEnd() {
        assertEquals("⏳ queued, position 3 (2 ahead)",
                DeployStatusView.state(entry(5, "app", Status.QUEUED, null, null), e -> 3));
        assertTrue(DeployStatusView.state(entry(5, "app", Status.RUNNING, Request.CUTOVER, null), e -> 1)
                .contains("merged before staged"));
        String done = DeployStatusView.details(entry(5, "app", Status.WINDOW, null,
                Instant.parse("2026-11-21T08:00:00Z")));
        assertTrue(done.contains("cut over at 2026-11-21 08:00:00 UTC (writes stalled 12 ms)")
                && done.contains("revert window until 2026-11-21 08:30:00 UTC"), done);
    }

    @Test
    void checkIsInProgressUntilStagedThenGreen() {
        assertNull(DeployStatusView.check(entry(1, "app", Status.RUNNING, null, null), "u").conclusion());
        assertEquals("success", DeployStatusView.check(entry(1, "app", Status.STAGED, null, null), "u").conclusion());
        assertEquals("failure", DeployStatusView.check(entry(1, "app", Status.FAILED, null, null), "u").conclusion());
        assertEquals("action_required",
                DeployStatusView.check(entry(1, "app", Status.CANCELLED, null, null), "u").conclusion());
        assertEquals("success", DeployStatusView.check(entry(1, "app", Status.WINDOW, null, null), "u").conclusion());
        assertEquals("neutral", DeployStatusView.check(entry(1, "app", Status.REVERTED, null, null), "u").conclusion());
    }

    @Test
    void finalSummarySaysHowTheWindowEnded() {
        Instant cut = Instant.parse("2026-11-21T08:00:00Z");
        String reverted = DeployStatusView.summary(entry(5, "app", Status.REVERTED, Request.REVERT, cut));
        assertTrue(reverted.contains("Reverted") && reverted.contains("every row written since the cutover at"
                + " 2026-11-21 08:00:00 UTC (writes stalled 12 ms)"), reverted);
        String skipped = DeployStatusView.summary(entry(5, "app", Status.COMPLETE, Request.SKIP_REVERT, cut));
        assertTrue(skipped.contains("Deploy complete") && skipped.contains("closed early"), skipped);
        String ended = DeployStatusView.summary(entry(5, "app", Status.COMPLETE, null, cut));
        assertTrue(ended.contains("The revert window ended at 2026-11-21 08:30:00 UTC"), ended);
        assertTrue(DeployStatusView.details(entry(5, "app", Status.COMPLETE, null, cut))
                .contains("cut over at 2026-11-21 08:00:00 UTC"));
    }

    @Test
    void theHeadlineSaysTheDeploysRealState() {
        String body = "<!-- shadowbot:sticky -->\n### shadowbot · deploy request\n\nHead `aaaaaaa` · ⏳ 1 table change"
                + " awaiting approval and `/deploy`\n\nplan\n";
        assertEquals(body, DeployStatusView.splice(body, java.util.List.of(), e -> 1));
        String queued = DeployStatusView.splice(body, java.util.List.of(entry(1, "app", Status.QUEUED, null, null)),
                e -> 3);
        assertTrue(queued.contains("Head `aaaaaaa` · deploy: ⏳ queued, position 3 (2 ahead)\n"), queued);
        String two = DeployStatusView.splice(body, java.util.List.of(entry(1, "app", Status.RUNNING, null, null),
                entry(2, "billing", Status.STAGED, null, null)), e -> 1);
        assertTrue(two.contains("· deploy: `app`: 🔄 building shadow tables; `billing`: ✅ staged: merge to cut over\n"),
                two);
        assertTrue(two.contains("plan") && two.contains("#### Deploy"), "the plan and the deploy section stay");
    }
}
