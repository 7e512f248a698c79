package dev.shadowbot.action;

import dev.shadowbot.engine.schema.Plan;

/**
 * What {@code shadowbot plan} found: the plan, and whether it ran against a throw-away embedded
 * server (so every table is a CREATE). Lint findings join here when the lint engine lands.
 *
 * @param plan     the plan
 * @param embedded whether the target was the embedded MariaDB
 */
record PlanResult(Plan plan, boolean embedded) {
    /** Without lint every plan is deployable; lint errors will make this false. */
    boolean deployable() {
        return true;
    }
}
