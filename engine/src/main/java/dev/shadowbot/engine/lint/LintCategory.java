package dev.shadowbot.engine.lint;

/** Families of findings; data-loss codes are the ones {@code --allow-data-loss} lifts. */
public enum LintCategory {
    DEPLOYABILITY,
    DATA_LOSS,
    DATA_DEPENDENT,
    HYGIENE,
    REVERTABILITY,
    INPUT
}
