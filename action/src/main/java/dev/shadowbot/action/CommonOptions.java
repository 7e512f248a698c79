package dev.shadowbot.action;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(names = "--database", paramLabel = "URL",
            description = "Target database: mysql://user:pass@host:port/db, jdbc:mysql://… or jdbc:mariadb://…"
                    + "; default: the SHADOWBOT_DATABASE_URL environment variable",
            defaultValue = "${env:SHADOWBOT_DATABASE_URL}")
    String database;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    OutputFormat format = OutputFormat.text;

    @Option(names = "--debug", description = "Show stack traces and SQL errors in full")
    boolean debug;

    @Option(names = "--verbose", description = "Print the engine's log lines (key=value, one per event) on stderr")
    boolean verbose;

    public String database() {
        return database == null || database.isBlank() ? null : database.trim();
    }

    public OutputFormat format() {
        return format;
    }
}
