package dev.shadowbot.action;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;

/** The honest answer of a command whose engine part has not landed yet. */
final class NotYetAvailable {
    private NotYetAvailable() {
    }

    static ShadowbotException of(String command) {
        return new ShadowbotException(ErrorCode.INTERNAL,
                "'shadowbot " + command + "' is not available in this build yet",
                "use 'shadowbot plan' for now; see the project's issue tracker for progress");
    }
}
