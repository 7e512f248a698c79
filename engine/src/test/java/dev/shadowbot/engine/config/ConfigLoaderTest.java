package dev.shadowbot.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.lint.LintCode;
import dev.shadowbot.engine.lint.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String F = ".github/shadowbot.yml";

    @Test
    void readsTheDocumentedExample() {
        ShadowbotConfig c = ConfigLoader.parse(F, """
                databases:
                  app:                 # the name the bot or CLI maps to a connection
                    schema_dir: db/schema
                  billing:
                    schema_dir: ./db/billing/
                lint:
                  float-type: off
                  drop-column: error
                  charset: { allow: [utf8mb4, ascii] }
                approvals: { required: 2, teams: [dba], data_loss_teams: [dba] }
                revert_window: 1h30m
                auto_deploy_on_approval: true
                """);
        assertEquals(List.of("app", "billing"), List.copyOf(c.databases().keySet()));
        assertEquals("db/billing", c.databases().get("billing").schemaDir());
        assertEquals(Severity.off, c.lint().severityOf(LintCode.FLOAT_TYPE));
        assertEquals(Severity.error, c.lint().severityOf(LintCode.DROP_COLUMN));
        assertEquals(Severity.warning, c.lint().severityOf(LintCode.REDUNDANT_INDEX));
        assertEquals(List.of("utf8mb4", "ascii"), c.lint().charsetAllow());
        assertEquals(2, c.approvals().required());
        assertEquals(List.of("dba"), c.approvals().teams());
        assertEquals(Duration.ofMinutes(90), c.revertWindow());
        assertTrue(c.autoDeployOnApproval());
        assertEquals("app", c.databaseForFile("db/schema/users.sql").orElseThrow().name());
        assertTrue(c.databaseForFile("db/schemas/x.sql").isEmpty());
    }

    @Test
    void emptyFileGivesDefaults() {
        assertEquals(ShadowbotConfig.DEFAULTS, ConfigLoader.parse(F, ""));
        assertEquals(Duration.ofMinutes(30), ShadowbotConfig.DEFAULTS.revertWindow());
    }

    @Test
    void everyProblemIsReportedAtItsLineWithTheAcceptedValues() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(F, """
                databases:
                  app:
                    schema_dri: db/schema
                lint:
                  float-typo: off
                  drop-column: fatal
                revert_window: 30
                approvals: { required: many }
                colour: blue
                """));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        List<String> shown = e.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(7, shown.size(), String.join("\n", shown));
        assertTrue(shown.get(0).startsWith(F + ":2:3: databases.app needs schema_dir"), shown.get(0));
        assertTrue(shown.get(1).startsWith(F + ":3:5: unknown key 'schema_dri' in databases.app (accepted: schema_dir)"),
                shown.get(1));
        assertTrue(shown.stream().anyMatch(s -> s.startsWith(F + ":5:3: unknown lint code 'float-typo' (accepted: no-unique-key,")));
        assertTrue(shown.stream().anyMatch(s -> s.startsWith(F + ":6:16: lint.drop-column severity 'fatal' is not one of: error, warning, info, off")));
        assertTrue(shown.stream().anyMatch(s -> s.startsWith(F + ":7:16: revert_window '30' is not a duration")));
        assertTrue(shown.stream().anyMatch(s -> s.startsWith(F + ":8:24: approvals.required must be a number")));
        assertTrue(shown.stream().anyMatch(s -> s.startsWith(F + ":9:1: unknown key 'colour' in the file (accepted: databases,")));
    }

    @Test
    void databaseWithoutSchemaDirAndEscapingDirsAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(F, """
                databases:
                  app: {}
                  other: { schema_dir: ../../etc }
                """));
        assertEquals(2, e.problems().size());
        assertTrue(e.problems().get(0).message().contains("needs schema_dir"));
        assertTrue(e.problems().get(1).message().contains("inside the repository"));
    }

    @Test
    void teamSlugsAreCheckedAtTheirLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(F, """
                approvals:
                  teams: [dba, "data team"]
                  data_loss_teams: dba
                """));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertEquals(2, e.problems().get(0).line());
        assertTrue(e.problems().get(0).message().contains("'data team' is not a team slug"), e.getMessage());
        assertEquals(3, e.problems().get(1).line());
        assertTrue(e.problems().get(1).message().contains("approvals.data_loss_teams must be a list"));
        var ok = ConfigLoader.parse(F, "approvals: { teams: [\"@acme/dba\", ops], codeowners: true }\n");
        assertEquals(java.util.List.of("acme/dba", "ops"), ok.approvals().teams());
        assertTrue(ok.approvals().codeowners());
    }

    @Test
    void brokenYamlNamesThePosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(F, "lint:\n  a: [1, 2\n"));
        assertTrue(e.getMessage().startsWith(F + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"));
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(F, "lint:\n  float-type: off\n  float-type: error\n"));
    }

    @Test
    void inputCodesCannotBeSilenced() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(F, "lint:\n  parse-error: off\n"));
        assertTrue(e.problems().get(0).message().contains("cannot be configured"));
    }

    @Test
    void durations() {
        assertEquals(Duration.ZERO, Durations.parse("0").orElseThrow());
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s").orElseThrow());
        assertEquals("1h30m", Durations.format(Durations.parse("90m").orElseThrow()));
        assertTrue(Durations.parse("30").isEmpty());
        assertTrue(Durations.parse("-5m").isEmpty());
        assertEquals(Duration.ofMinutes(1), Durations.parse("1m").orElseThrow());
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms").orElseThrow());
        assertEquals(Duration.ofMinutes(5), Durations.parse("PT5M").orElseThrow(), "ISO-8601 too");
        assertEquals(Duration.ofHours(24), Durations.parse("P1D").orElseThrow());
        assertTrue(Durations.parse("PT").isEmpty());
        assertTrue(Durations.parse("soon").isEmpty());
    }
}
