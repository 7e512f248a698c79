package dev.shadowbot.engine.schema;

/**
 * A table-level CHECK constraint.
 *
 * @param name       constraint name
 * @param clause     the check expression as the server prints it
 * @param definition the constraint's line of {@code SHOW CREATE TABLE}, without the trailing comma
 */
public record CheckModel(String name, String clause, String definition) {
}
