package dev.shadowbot.bot.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.bot.command.SlashCommand.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlashCommandTest {
    @Test
    void parsesEveryCommandFromTheFirstLineOnly() {
        assertEquals(Kind.DEPLOY, SlashCommand.parse("/deploy").orElseThrow().kind());
        assertEquals(Kind.SKIP_REVERT, SlashCommand.parse("  /skip-revert  \nplease").orElseThrow().kind());
        assertEquals(Kind.STATUS, SlashCommand.parse("/STATUS").orElseThrow().kind());
        assertTrue(SlashCommand.parse("looks good\n/deploy").isEmpty(), "only the first line counts");
        assertTrue(SlashCommand.parse("").isEmpty());
        assertTrue(SlashCommand.parse("/ not a command").isEmpty());
        assertTrue(SlashCommand.parse("//comment").isEmpty());
    }

    @Test
    void flagsAndProblems() {
        SlashCommand d = SlashCommand.parse("/deploy --allow-data-loss").orElseThrow();
        assertTrue(d.has("--allow-data-loss"));
        assertTrue(d.problems().isEmpty());
        SlashCommand bad = SlashCommand.parse("/revert --force now").orElseThrow();
        assertEquals(Kind.REVERT, bad.kind());
        assertEquals(2, bad.problems().size());
        assertTrue(bad.problems().get(0).contains("does not take `--force`"));
    }

    @Test
    void unknownCommandsAreAnsweredWithHelp() {
        SlashCommand u = SlashCommand.parse("/deploi").orElseThrow();
        assertEquals(Kind.UNKNOWN, u.kind());
        assertFalse(u.kind().needsWrite());
        assertTrue(SlashCommand.help().contains("/skip-revert"));
    }

    @Test
    void everyCommandButStatusAndHelpNeedsWriteAccessPlanIncludedBecauseItReadsProduction() {
        assertEquals(List.of(Kind.DEPLOY, Kind.CANCEL, Kind.REVERT, Kind.SKIP_REVERT, Kind.PLAN),
                java.util.Arrays.stream(Kind.values()).filter(Kind::needsWrite).toList());
    }
}
