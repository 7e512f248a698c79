package dev.shadowbot.engine.config;

/** One thing wrong in a config file, at its position (1-based line and column). */
public record ConfigProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
