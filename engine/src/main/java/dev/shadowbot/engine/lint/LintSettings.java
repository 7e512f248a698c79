package dev.shadowbot.engine.lint;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-code severity overrides and the charset allow-list, from the {@code lint:} section of
 * {@code .github/shadowbot.yml}.
 */
public record LintSettings(Map<LintCode, Severity> overrides, List<String> charsetAllow) {
    /** The defaults: every code at its default severity; utf8mb4 is the only allowed charset. */
    public static final LintSettings DEFAULTS = new LintSettings(Map.of(), List.of("utf8mb4"));

    public LintSettings {
        overrides = overrides.isEmpty() ? Map.of() : new EnumMap<>(overrides);
        charsetAllow = List.copyOf(charsetAllow);
    }

    public Severity severityOf(LintCode code) {
        return overrides.getOrDefault(code, code.defaultSeverity());
    }

    /** The finding with its configured severity, or null when the code is {@code off}. */
    public Finding apply(Finding f) {
        Severity s = severityOf(f.code());
        return s == Severity.off ? null : f.withSeverity(s);
    }
}
