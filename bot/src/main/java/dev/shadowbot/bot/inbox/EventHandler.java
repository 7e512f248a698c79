package dev.shadowbot.bot.inbox;

import dev.shadowbot.bot.store.InboxEvent;

/** Acts on one kind of webhook event. Runs in an inbox worker, never in the HTTP thread. */
public interface EventHandler {
    /** What became of an event that did not throw. */
    enum Outcome {
        /** The bot acted on it. */
        DONE,
        /** The bot does not act on this action (e.g. a {@code labeled} pull request). */
        IGNORED
    }

    /**
     * Handles the event. Throwing means "try again later" (with backoff) unless the exception is a
     * {@link PermanentFailure}; after the last attempt the event is parked with the error.
     */
    Outcome handle(InboxEvent event) throws Exception;

    /** Called once when the event is parked, so the handler can leave a visible trace (e.g. a failed check). */
    default void onParked(InboxEvent event, String error) {
    }
}
