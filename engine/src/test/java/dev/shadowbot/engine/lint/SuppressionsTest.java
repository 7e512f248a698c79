package dev.shadowbot.engine.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressionsTest {
    private static final String FILE = "prices.sql";
    private static final String TEXT = """
            -- shadowbot:ignore float-type prices are approximate by design
            CREATE TABLE prices (
              id INT PRIMARY KEY,
              amount FLOAT
            );

            CREATE TABLE rates (
              id INT PRIMARY KEY,
              r DOUBLE -- shadowbot:ignore float-type rates come from an upstream feed as doubles
            );
            # shadowbot:ignore drop-column
            -- shadowbot:ignore no-such-code because
            -- shadowbot:ignore
            """;

    @Test
    void parsesDirectivesAndReportsMalformedOnesAtTheirLine() {
        Suppressions.Parsed p = Suppressions.scan(FILE, TEXT);
        assertEquals(1, p.suppressions().size(), "the trailing-comment form is not a line directive");
        assertEquals(new Suppressions.Suppression(FILE, 1, LintCode.FLOAT_TYPE, "prices are approximate by design"),
                p.suppressions().get(0));
        assertEquals(List.of(11, 12, 13), p.problems().stream().map(Finding::line).toList());
        assertTrue(p.problems().get(0).message().contains("needs a reason"));
        assertTrue(p.problems().get(1).message().contains("unknown code 'no-such-code'"));
        assertTrue(p.problems().stream().allMatch(f -> f.code() == LintCode.PARSE_ERROR && f.blocks()));
    }

    @Test
    void coversOnlyTheTableThatFollowsAndOnlyItsCode() {
        Suppressions.Parsed p = Suppressions.scan(FILE, TEXT);
        Suppressions s = Suppressions.of(p.suppressions(), List.of(
                new Suppressions.TableLocation("prices", FILE, 2), new Suppressions.TableLocation("rates", FILE, 7)));
        Finding prices = Finding.of(LintCode.FLOAT_TYPE, "prices", FILE, 4, "FLOAT", "");
        Finding rates = Finding.of(LintCode.FLOAT_TYPE, "rates", FILE, 9, "DOUBLE", "");
        Finding otherCode = Finding.of(LintCode.ZERO_DATE, "prices", FILE, 4, "zero date", "");
        Finding suppressed = s.apply(prices);
        assertTrue(suppressed.isSuppressed());
        assertEquals("prices are approximate by design", suppressed.suppressedBecause());
        assertFalse(suppressed.blocks());
        assertFalse(s.apply(rates).isSuppressed());
        assertFalse(s.apply(otherCode).isSuppressed());
    }

    @Test
    void settingsOverrideAndSilence() {
        LintSettings settings = new LintSettings(java.util.Map.of(LintCode.FLOAT_TYPE, Severity.off,
                LintCode.REDUNDANT_INDEX, Severity.error), List.of("utf8mb4"));
        assertNull(settings.apply(Finding.of(LintCode.FLOAT_TYPE, "t", "f", 1, "m", "e")));
        assertTrue(settings.apply(Finding.of(LintCode.REDUNDANT_INDEX, "t", "f", 1, "m", "e")).blocks());
        assertEquals(Severity.warning, settings.apply(Finding.of(LintCode.ZERO_DATE, "t", "f", 1, "m", "e")).severity());
    }
}
