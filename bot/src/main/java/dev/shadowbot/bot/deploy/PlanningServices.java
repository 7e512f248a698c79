package dev.shadowbot.bot.deploy;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;

/** The planning implementation {@code serve} uses. */
public final class PlanningServices {
    private PlanningServices() {
    }

    /**
     * Until the engine's planner is on this branch, planning refuses (BLOCKED): the check run fails
     * closed with this message instead of pretending there is nothing to change.
     */
    public static PlanningService production() {
        return (database, target, files) -> {
            throw new ShadowbotException(ErrorCode.BLOCKED, "schema planning is not available in this build",
                    "update shadowbot-bot to a build that includes the engine's planner");
        };
    }
}
