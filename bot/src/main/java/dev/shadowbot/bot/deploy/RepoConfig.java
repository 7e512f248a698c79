package dev.shadowbot.bot.deploy;

import java.util.List;
import java.util.Map;

/**
 * A repository's {@code .github/shadowbot.yml}: which schema folder belongs to which database.
 *
 * @param databases by name, in file order
 * @param errors    problems found, each with its line; a config with errors must not be planned
 */
public record RepoConfig(Map<String, Database> databases, List<ConfigError> errors) {
    public static final String PATH = ".github/shadowbot.yml";

    public RepoConfig {
        databases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(databases));
        errors = List.copyOf(errors);
    }

    /** One database entry: {@code name: {schema_dir: path}}, declared at {@code line}. */
    public record Database(String name, String schemaDir, int line) {
        /** True when {@code path} (repo-relative) lies inside this database's schema folder. */
        public boolean contains(String path) {
            return path.startsWith(schemaDir + "/");
        }
    }

    /** A config problem at {@code file:line}. */
    public record ConfigError(String file, int line, String message) {
        public String render() {
            return file + ":" + line + ": " + message;
        }
    }
}
