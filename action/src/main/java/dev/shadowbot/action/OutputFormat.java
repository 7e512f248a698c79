package dev.shadowbot.action;

/** How a command prints its result. */
public enum OutputFormat {
    text,
    json,
    markdown
}
