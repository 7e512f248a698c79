package dev.shadowbot.engine.migration.preflight;

import dev.shadowbot.engine.migration.ShadowNames;
import java.util.Optional;

/** A shadow of the same table from another deploy request means that one is still running or was not cleaned up. */
public final class LeftoverShadowCheck implements PreflightCheck {
    @Override
    public String name() {
        return "leftover_shadow";
    }

    @Override
    public Optional<Refusal> check(PreflightInput in) {
        for (String table : in.tables()) {
            for (String existing : in.existingTables()) {
                if (ShadowNames.isShadowOfOther(existing, table, in.deployRequest())) {
                    return Optional.of(new Refusal(name(), "table " + table + " already has a shadow, " + existing
                            + ", from another deploy request",
                            "cancel that deploy request (shadowbot cancel --id N), or drop " + existing
                                    + " if nothing runs it any more"));
                }
            }
        }
        return Optional.empty();
    }
}
