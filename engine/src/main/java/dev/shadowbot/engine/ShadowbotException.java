package dev.shadowbot.engine;

/**
 * The one exception type that crosses the engine's API. Its message is one line that says what
 * failed; {@link #nextStep()} says what the user should do about it. Both are safe to show to users:
 * they never contain secrets.
 */
public class ShadowbotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String nextStep;

    public ShadowbotException(ErrorCode code, String message, String nextStep) {
        this(code, message, nextStep, null);
    }

    public ShadowbotException(ErrorCode code, String message, String nextStep, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.nextStep = nextStep;
    }

    public static ShadowbotException badInput(String message, String nextStep) {
        return new ShadowbotException(ErrorCode.BAD_INPUT, message, nextStep);
    }

    public static ShadowbotException database(String message, String nextStep, Throwable cause) {
        return new ShadowbotException(ErrorCode.DATABASE, message, nextStep, cause);
    }

    public ErrorCode code() {
        return code;
    }

    /** What the user should do next; may be empty, never null. */
    public String nextStep() {
        return nextStep == null ? "" : nextStep;
    }

    /** Message and next step on one line, for terminals and logs. */
    public String userMessage() {
        return nextStep().isEmpty() ? getMessage() : getMessage() + " — " + nextStep();
    }
}
