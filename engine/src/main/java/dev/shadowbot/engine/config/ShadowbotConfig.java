package dev.shadowbot.engine.config;

import dev.shadowbot.engine.instant.InstantPolicy;
import dev.shadowbot.engine.lint.LintSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's {@code .github/shadowbot.yml}: which schema folders map to which databases, and
 * the policy (lint severities, approvals, revert window, instant path) for deploy requests against them.
 */
public record ShadowbotConfig(Map<String, DatabaseConfig> databases, LintSettings lint, Approvals approvals,
                              Duration revertWindow, boolean autoDeployOnApproval, InstantPolicy instant) {
    public static final String DEFAULT_PATH = ".github/shadowbot.yml";
    public static final Duration DEFAULT_REVERT_WINDOW = Duration.ofMinutes(30);
    public static final ShadowbotConfig DEFAULTS =
            new ShadowbotConfig(Map.of(), LintSettings.DEFAULTS, Approvals.DEFAULTS, DEFAULT_REVERT_WINDOW, false);

    public ShadowbotConfig {
        databases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(databases));
        instant = instant == null ? InstantPolicy.AUTO : instant;
    }

    /** A config with the default instant policy ({@code auto}). */
    public ShadowbotConfig(Map<String, DatabaseConfig> databases, LintSettings lint, Approvals approvals,
                           Duration revertWindow, boolean autoDeployOnApproval) {
        this(databases, lint, approvals, revertWindow, autoDeployOnApproval, InstantPolicy.AUTO);
    }

    /** The database whose schema folder contains {@code path} (a repository-relative file path). */
    public Optional<DatabaseConfig> databaseForFile(String path) {
        for (DatabaseConfig d : databases.values()) {
            String dir = d.schemaDir().endsWith("/") ? d.schemaDir() : d.schemaDir() + "/";
            if (path.startsWith(dir)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
