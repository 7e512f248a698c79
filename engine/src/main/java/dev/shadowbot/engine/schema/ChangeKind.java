package dev.shadowbot.engine.schema;

/** What a plan does to one table. */
public enum ChangeKind {
    CREATE,
    ALTER,
    DROP
}
