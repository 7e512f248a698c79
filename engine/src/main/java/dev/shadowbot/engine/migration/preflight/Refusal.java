package dev.shadowbot.engine.migration.preflight;

/**
 * Why a preflight check refuses to start, and how to fix it.
 *
 * @param check   the check's name, e.g. {@code binlog_format}
 * @param message what is wrong, with the value found
 * @param fix     what to do about it
 */
public record Refusal(String check, String message, String fix) {
    @Override
    public String toString() {
        return check + ": " + message + " — " + fix;
    }
}
