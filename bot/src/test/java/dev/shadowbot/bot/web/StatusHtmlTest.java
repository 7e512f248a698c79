package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.store.DeployProgress.Progress;
import dev.shadowbot.bot.store.DeployRequestStatus;
import dev.shadowbot.engine.store.DeployStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusHtmlTest {
    private static final Instant NOW = Instant.parse("2026-01-02T10:00:00Z");

    @Test
    void escapesEveryStoredValueAndLinksOnlyValidRepos() {
        DeployRequestStatus hostile = new DeployRequestStatus(1, "evil\"><script>alert(1)</script>/x", 3,
                "db<b>", "<sha>", "PLANNED", 1, "<img src=x onerror=alert(1)>", 5, null);
        String html = new StatusHtml("https://api.github.com").render(List.of(hostile), false, NOW);
        assertFalse(html.contains("<script>") || html.contains("<img") || html.contains("<b>"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
        assertFalse(html.contains("href=\"https://github.com/evil"), "an invalid repo name is not linked");
    }

    @Test
    void linksPullRequestsOnTheMatchingWebHostAndShowsTheRevertCountdown() {
        Progress window = new Progress(DeployStatus.REVERSE_SYNCING, null, 10, 10, null, 120L,
                NOW.plus(Duration.ofSeconds(754)).toEpochMilli(), true, null);
        DeployRequestStatus s = new DeployRequestStatus(7, "acme/shop", 12, "app", "abcdef0123", "PLANNED", 2, null,
                30, window);
        String html = new StatusHtml("https://ghe.example.com/api/v3/").render(List.of(s), true, NOW);
        assertTrue(html.contains("href=\"https://ghe.example.com/acme/shop/pull/12\""), html);
        assertTrue(html.contains("12m 34s left"), html);
        assertTrue(html.contains("<span class=\"yes\">yes</span>"), html);
        assertTrue(html.contains("id=\"trial-mode\""), "trial mode is said on the page");
        assertTrue(html.contains("data-state=\"reverse_syncing\""), html);
    }

    @Test
    void smallHelpers() {
        assertEquals("https://github.com", StatusHtml.webUrl("https://api.github.com/"));
        assertEquals("http://127.0.0.1:9", StatusHtml.webUrl("http://127.0.0.1:9"));
        assertEquals("1h 05m", StatusHtml.countdown(Duration.ofMinutes(65)));
        assertEquals("0m 09s", StatusHtml.countdown(Duration.ofSeconds(9)));
        assertEquals("&amp;&lt;&gt;&quot;&#39;", StatusHtml.esc("&<>\"'"));
        assertEquals("3 min ago", StatusHtml.ago(200));
    }
}
