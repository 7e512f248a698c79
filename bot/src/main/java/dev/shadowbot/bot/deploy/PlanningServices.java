package dev.shadowbot.bot.deploy;

/** The planning implementation {@code serve} uses. */
public final class PlanningServices {
    private PlanningServices() {
    }

    /** The engine's planner and linter. */
    public static PlanningService production() {
        return new EnginePlanningService();
    }

    /**
     * The engine's planner and linter with the workspace schema on the server {@code SHADOWBOT_WORKSPACE_URL}
     * names (blank: on each target's server).
     */
    public static PlanningService production(java.util.Map<String, String> env) {
        String ws = env.get("SHADOWBOT_WORKSPACE_URL");
        return ws == null || ws.isBlank() ? production()
                : new EnginePlanningService(dev.shadowbot.engine.db.DatabaseUrl.parse(ws.trim()));
    }
}
