package dev.shadowbot.bot.config;

import dev.shadowbot.engine.ShadowbotException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the operator endpoints, from the environment:
 * <ul>
 *   <li>{@code SHADOWBOT_STATUS_PAGE}: {@code on} (default) or {@code off} — whether {@code GET /} serves the
 *       status page at all;</li>
 *   <li>{@code SHADOWBOT_STATUS_TOKEN} or {@code SHADOWBOT_STATUS_TOKEN_FILE}: the token the page requires
 *       (at least {@value #MIN_TOKEN_CHARS} characters). Without a token the page stays locked.</li>
 * </ul>
 * {@link #toString()} never shows the token.
 */
public record OpsSettings(boolean statusPageEnabled, Optional<String> statusToken) {
    public static final int MIN_TOKEN_CHARS = 16;

    public static OpsSettings fromEnv(Map<String, String> env) {
        String mode = env.getOrDefault("SHADOWBOT_STATUS_PAGE", "on").strip().toLowerCase(Locale.ROOT);
        boolean enabled = switch (mode) {
            case "on", "" -> true;
            case "off" -> false;
            default -> throw ShadowbotException.badInput("SHADOWBOT_STATUS_PAGE is '" + mode + "'",
                    "set SHADOWBOT_STATUS_PAGE to on or off");
        };
        String token = env.getOrDefault("SHADOWBOT_STATUS_TOKEN", "").strip();
        String file = env.getOrDefault("SHADOWBOT_STATUS_TOKEN_FILE", "").strip();
        if (!file.isEmpty()) {
            try {
                token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw ShadowbotException.badInput("SHADOWBOT_STATUS_TOKEN_FILE " + file + " cannot be read",
                        "point it at a readable file holding the status page token");
            }
        }
        if (!token.isEmpty() && token.length() < MIN_TOKEN_CHARS) {
            throw ShadowbotException.badInput("the status page token has " + token.length() + " characters",
                    "use at least " + MIN_TOKEN_CHARS + " random characters, e.g. `openssl rand -hex 24`");
        }
        return new OpsSettings(enabled, token.isEmpty() ? Optional.empty() : Optional.of(token));
    }

    @Override
    public String toString() {
        return "OpsSettings{statusPage=" + (statusPageEnabled ? "on" : "off") + ", statusToken="
                + (statusToken.isPresent() ? "***" : "<unset>") + "}";
    }
}
