package dev.shadowbot.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.config.ConfigException;
import dev.shadowbot.engine.config.ConfigLoader;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.schema.SchemaLoader;
import dev.shadowbot.engine.schema.SchemaSource;
import dev.shadowbot.engine.schema.SourceProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Hostile input never crashes the parsers and never leaks: every failure is a BAD_INPUT error or a
 * located problem, and secrets never appear in messages.
 */
class HostileInputProperties {
    private static final String VALID = """
            -- users of the app
            CREATE TABLE users (
              id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
              email VARCHAR(255) NOT NULL,
              name VARCHAR(100) NULL DEFAULT 'x;y',
              PRIMARY KEY (id),
              UNIQUE KEY uq_email (email)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
            """;

    @Property(tries = 300)
    void quotingRoundTrips(@ForAll @StringLength(min = 1, max = 64) String name) {
        if (name.indexOf('\0') >= 0) {
            return;
        }
        String q = Identifiers.quote(name);
        assertTrue(q.startsWith("`") && q.endsWith("`"));
        String inner = q.substring(1, q.length() - 1);
        assertEquals(name, inner.replace("``", "`"));
        // Every backtick inside is doubled, so the quoted name can never close early.
        assertFalse(inner.replace("``", "").contains("`"));
    }

    @Property(tries = 500)
    void mutatedSchemaFilesNeverCrashTheLoaderAndProblemsAreLocated(
            @ForAll @IntRange(min = 0, max = 400) int at, @ForAll @IntRange(min = 0, max = 30) int cut,
            @ForAll("noise") String insert) {
        int pos = Math.min(at, VALID.length());
        String text = VALID.substring(0, pos) + insert + VALID.substring(Math.min(VALID.length(), pos + cut));
        SchemaSource src = SchemaLoader.fromFiles(Map.of("users.sql", text));
        long lines = text.split("\n", -1).length;
        for (SourceProblem p : src.problems()) {
            assertEquals("users.sql", p.file());
            assertTrue(p.line() >= 1 && p.line() <= lines, p.render());
            assertTrue(p.column() >= 1, p.render());
            assertFalse(p.message().isBlank());
        }
        assertTrue(src.problems().isEmpty() || src.tables().stream().noneMatch(t -> t.name().isEmpty()));
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("`'\"();,-/*#\\\n \t").ofMaxLength(8),
                Arbitraries.of("DROP TABLE users;", "/*", "*/", "-- ", "'", "`", "CREATE TABLE", "\u0000", "é表",
                        "/*!50001 x */", "DELIMITER //", ";;", "\r\n"),
                Arbitraries.strings().ofMaxLength(12));
    }

    @Property(tries = 300)
    void urlsEitherParseOrSayBadInputAndNeverEchoThePassword(@ForAll("junk") String junk,
                                                             @ForAll @StringLength(min = 6, max = 20) String secret) {
        String pw = "S3cr3t" + secret.hashCode();
        String url = "mysql://user:" + URLEncoder.encode(pw, StandardCharsets.UTF_8) + "@" + junk;
        try {
            DatabaseUrl u = DatabaseUrl.parse(url);
            assertFalse(u.toString().contains(pw));
            assertEquals(pw, u.password());
        } catch (ShadowbotException e) {
            assertEquals(ErrorCode.BAD_INPUT, e.code());
            assertFalse(e.getMessage().contains(pw), e.getMessage());
            assertFalse(e.nextStep().isBlank());
        }
    }

    /** Host parts; no raw '@' (an unescaped '@' in a password is resolved by the last '@', by design). */
    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abc:/?&=%[].0123456789").ofMaxLength(30),
                Arbitraries.of("h:3306/db", "h:0/db", "h:99999/db", "[::1:3306/", "/db", "h/a/b", "h:x/", "h/%zz"));
    }

    @Property(tries = 300)
    void configFilesNeverCrashTheLoader(@ForAll("yamlish") String text) {
        try {
            ConfigLoader.parse("shadowbot.yml", text);
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty());
            for (ConfigProblem p : e.problems()) {
                assertTrue(p.line() >= 1 && p.column() >= 1, p.toString());
            }
        }
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> pieces = Arbitraries.of("databases:", "  app:", "    schema_dir: db", "lint:", "  float-type: off",
                "  drop-column: {", "approvals: [", "revert_window: 5x", "&a [*a, *a]", "- - -", "  : :", "\t", "'",
                "auto_deploy_on_approval: maybe", "lint: { charset: { allow: 3 } }", "? complex", "!!binary AAAA");
        return pieces.list().ofMaxSize(8).map(l -> String.join("\n", l));
    }
}
