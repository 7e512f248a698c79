package dev.shadowbot.engine.migration.preflight;

import java.util.Optional;

/** One thing that must hold before a migration starts; refuses with the value found and the fix. */
public interface PreflightCheck {
    /** Short name, e.g. {@code binlog_format}. */
    String name();

    /** Empty when the check passes. */
    Optional<Refusal> check(PreflightInput in);
}
