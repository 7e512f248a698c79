package dev.shadowbot.engine.instant;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a deploy request may take the instant path: {@code auto} (the default of the config and the CLI)
 * lets the server decide per table, {@code never} always copies through shadow tables.
 */
public enum InstantPolicy {
    AUTO, NEVER;

    /** The policy a config value or CLI flag names, or empty when it names none. */
    public static Optional<InstantPolicy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> Optional.of(AUTO);
            case "never" -> Optional.of(NEVER);
            default -> Optional.empty();
        };
    }

    /** The spelling in the config and on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
