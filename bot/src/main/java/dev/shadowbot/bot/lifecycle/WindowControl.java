package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.engine.migration.DeployState;

/** The revert window's commands, run through this runner's engine services (see {@link CommandHandler}). */
public interface WindowControl {
    /** The engine's view of a row's deploy request. */
    DeployState status(Entry e);

    /** Swaps the old schema back; throws the engine's refusal (not revertible, window over). */
    DeployState revert(Entry e);

    /** Closes the revert window now. */
    DeployState skipRevert(Entry e);
}
