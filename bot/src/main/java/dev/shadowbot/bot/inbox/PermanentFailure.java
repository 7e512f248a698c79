package dev.shadowbot.bot.inbox;

/** An event that can never succeed (e.g. a payload that is not JSON): parked at once, not retried. */
public final class PermanentFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
