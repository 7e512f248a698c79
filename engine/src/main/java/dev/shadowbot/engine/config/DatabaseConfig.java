package dev.shadowbot.engine.config;

/**
 * One database the repository manages.
 *
 * @param name      the name the bot or CLI maps to a connection (never a URL: those stay server-side)
 * @param schemaDir folder of CREATE TABLE files, relative to the repository root
 */
public record DatabaseConfig(String name, String schemaDir) {
}
