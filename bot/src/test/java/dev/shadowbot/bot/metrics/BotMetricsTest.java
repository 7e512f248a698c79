package dev.shadowbot.bot.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BotMetricsTest {
    @Test
    void githubAnswersMoveRequestsErrorsAndTheRateLimitGauge() {
        BotMetrics m = new BotMetrics();
        assertTrue(m.scrape().contains("shadowbot_github_rate_limit_remaining NaN"), "unknown before the first call");
        m.githubCall(200, "4999");
        m.githubCall(502, null);
        m.githubCall(0, null);
        m.githubCall(200, "not a number");
        String s = m.scrape();
        assertTrue(s.contains("shadowbot_github_rate_limit_remaining 4999.0"), s);
        assertTrue(s.contains("shadowbot_github_requests_total{status=\"2xx\"} 2.0"), s);
        assertTrue(s.contains("shadowbot_github_errors_total{status=\"5xx\"} 1.0"), s);
        assertTrue(s.contains("shadowbot_github_errors_total{status=\"io\"} 1.0"), s);
        assertTrue(s.contains("shadowbot_github_errors_total{status=\"4xx\"} 0.0"), "registered at zero");
    }
}
