package dev.shadowbot.engine.lint;

import java.util.Locale;
import java.util.Optional;

/** How much a finding matters. {@code off} silences a code entirely. */
public enum Severity {
    error,
    warning,
    info,
    off;

    /** Parses a config value; empty when it is not one of the names. */
    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** True when this severity is at least as serious as {@code other} ({@code off} is never). */
    public boolean atLeast(Severity other) {
        return this != off && other != off && ordinal() <= other.ordinal();
    }
}
