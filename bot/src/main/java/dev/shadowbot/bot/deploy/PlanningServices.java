package dev.shadowbot.bot.deploy;

/** The planning implementation {@code serve} uses. */
public final class PlanningServices {
    private PlanningServices() {
    }

    /** The engine's planner and linter. */
    public static PlanningService production() {
        return new EnginePlanningService();
    }
}
