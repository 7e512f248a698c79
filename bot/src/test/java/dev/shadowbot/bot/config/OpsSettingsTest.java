package dev.shadowbot.bot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ShadowbotException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsSettingsTest {
    @Test
    void defaultsToOnAndLockedWithoutAToken() {
        OpsSettings s = OpsSettings.fromEnv(Map.of());
        assertTrue(s.statusPageEnabled());
        assertEquals(Optional.empty(), s.statusToken());
    }

    @Test
    void readsTheTokenFromTheEnvironmentOrAFileAndNeverPrintsIt(@TempDir Path dir) throws Exception {
        OpsSettings s = OpsSettings.fromEnv(Map.of("SHADOWBOT_STATUS_TOKEN", "abcdefghijklmnopqrstuvwxyz"));
        assertEquals(Optional.of("abcdefghijklmnopqrstuvwxyz"), s.statusToken());
        assertFalse(s.toString().contains("abcdef"), s.toString());
        Path f = dir.resolve("token");
        Files.writeString(f, "from-a-file-0123456789\n");
        assertEquals(Optional.of("from-a-file-0123456789"),
                OpsSettings.fromEnv(Map.of("SHADOWBOT_STATUS_TOKEN_FILE", f.toString())).statusToken());
    }

    @Test
    void refusesBadValues() {
        assertFalse(OpsSettings.fromEnv(Map.of("SHADOWBOT_STATUS_PAGE", "OFF")).statusPageEnabled());
        ShadowbotException e = assertThrows(ShadowbotException.class,
                () -> OpsSettings.fromEnv(Map.of("SHADOWBOT_STATUS_PAGE", "maybe")));
        assertTrue(e.getMessage().contains("SHADOWBOT_STATUS_PAGE"), e.getMessage());
        e = assertThrows(ShadowbotException.class, () -> OpsSettings.fromEnv(Map.of("SHADOWBOT_STATUS_TOKEN", "short")));
        assertFalse(e.getMessage().contains("short"), "the message never echoes the token");
        assertThrows(ShadowbotException.class,
                () -> OpsSettings.fromEnv(Map.of("SHADOWBOT_STATUS_TOKEN_FILE", "/nonexistent/token")));
    }
}
