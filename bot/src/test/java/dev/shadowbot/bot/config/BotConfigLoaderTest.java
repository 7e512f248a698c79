package dev.shadowbot.bot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BotConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void environmentOverridesTheFileAndSecretsNeverShow() throws Exception {
        Path key = Files.writeString(tmp.resolve("app.pem"), "-----BEGIN RSA PRIVATE KEY-----\n");
        Path secretFile = Files.writeString(tmp.resolve("secret"), "s3cr3t-from-file\n");
        Path yml = Files.writeString(tmp.resolve("bot.yml"), """
                port: 9000
                webhook_secret: inline-secret
                app_id: 11
                private_key_file: %s
                databases:
                  app: mysql://bot:filepass@db1:3306/app
                """.formatted(key));
        BotConfig c = new BotConfigLoader(Map.of(
                "SHADOWBOT_PORT", "9100",
                "SHADOWBOT_WEBHOOK_SECRET_FILE", secretFile.toString(),
                "SHADOWBOT_STATE_DB_URL", "mysql://bot:statepass@state:3306/shadowbot",
                "SHADOWBOT_DATABASES", "app=mysql://bot:envpass@db2:3306/app,analytics=jdbc:mariadb://db3/analytics",
                "SHADOWBOT_RETRY_BASE", "250ms")).load(yml);
        assertEquals(9100, c.port());
        assertEquals("s3cr3t-from-file", c.webhookSecret());
        assertEquals(11, c.appId());
        assertEquals("db2", c.databases().get("app").host());
        assertEquals("analytics", c.databases().get("analytics").database());
        assertEquals("state", c.stateDbUrl().orElseThrow().host());
        assertEquals(Duration.ofMillis(250), c.retryBase());
        assertEquals(BotConfig.DEFAULT_API_URL, c.githubApiUrl());
        String shown = c.toString();
        for (String secret : new String[] {"s3cr3t", "inline-secret", "envpass", "statepass", "filepass"}) {
            assertFalse(shown.contains(secret), secret + " leaked into " + shown);
        }
    }

    @Test
    void databasesAreBoundToRepositoriesInTheFileOrTheEnvironment() throws Exception {
        Path key = Files.writeString(tmp.resolve("b.pem"), "x");
        Path yml = Files.writeString(tmp.resolve("bound.yml"), """
                webhook_secret: s
                app_id: 1
                private_key_file: %s
                databases:
                  app:
                    url: mysql://bot:pw@db1:3306/app
                    repositories: [acme/shop, "acme/shop:release/*"]
                  legacy: mysql://bot:pw@db2:3306/legacy
                """.formatted(key));
        BotConfig c = new BotConfigLoader(Map.of()).load(yml);
        assertEquals("db1", c.databases().get("app").host());
        assertEquals(java.util.List.of("acme/shop", "acme/shop:release/*"),
                c.bindings().get("app").stream().map(RepoBinding::toString).toList());
        assertEquals(null, c.bindings().get("legacy"), "a bare URL is bound to nothing");
        BotConfig env = new BotConfigLoader(Map.of("SHADOWBOT_DATABASE_REPOS", "app=acme/admin  acme/shop:main,"
                + "legacy=acme/old")).load(yml);
        assertEquals(java.util.List.of("acme/admin", "acme/shop:main"),
                env.bindings().get("app").stream().map(RepoBinding::toString).toList(), "the environment wins");
        assertEquals(java.util.List.of("acme/old"), env.bindings().get("legacy").stream().map(RepoBinding::toString)
                .toList());
    }

    @Test
    void badBindingsAreNamedWithTheirSetting() throws Exception {
        Path key = Files.writeString(tmp.resolve("c.pem"), "x");
        ShadowbotException e = assertThrows(ShadowbotException.class, () -> new BotConfigLoader(Map.of(
                "SHADOWBOT_WEBHOOK_SECRET", "s", "SHADOWBOT_APP_ID", "1", "SHADOWBOT_PRIVATE_KEY_FILE", key.toString(),
                "SHADOWBOT_DATABASES", "app=mysql://db1/app",
                "SHADOWBOT_DATABASE_REPOS", "app=acme,ghost=acme/shop")).load(null));
        assertTrue(e.getMessage().contains("databases.app.repositories entry 'acme' is not owner/repo")
                && e.getMessage().contains("databases.ghost.repositories binds a database that has no URL"),
                e.getMessage());
    }

    @Test
    void missingSettingsAreListedTogetherWithoutValues() {
        ShadowbotException e = assertThrows(ShadowbotException.class,
                () -> new BotConfigLoader(Map.of("SHADOWBOT_DATABASES", "app=ftp://x")).load(null));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        String m = e.getMessage();
        assertTrue(m.contains("webhook_secret") && m.contains("app_id") && m.contains("private_key_file")
                && m.contains("databases.app"), m);
    }

    @Test
    void noStateDatabaseMeansTrialMode() throws Exception {
        Path key = Files.writeString(tmp.resolve("k.pem"), "x");
        BotConfig c = new BotConfigLoader(Map.of("SHADOWBOT_WEBHOOK_SECRET", "s", "SHADOWBOT_APP_ID", "1",
                "SHADOWBOT_PRIVATE_KEY_FILE", key.toString(), "SHADOWBOT_GITHUB_API_URL", "https://ghe.acme/api/v3/"))
                .load(null);
        assertEquals(Optional.empty(), c.stateDbUrl());
        assertEquals("https://ghe.acme/api/v3", c.githubApiUrl());
        assertTrue(c.toString().contains("trial mode"));
    }
}
