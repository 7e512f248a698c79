package dev.shadowbot.action;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The CLI prints its own results; the engine's log lines (and the libraries', java.util.logging ones
 * included) appear only with {@code --verbose}, or in a background driver's log file (which is always
 * verbose). slf4j-simple reads its levels once, when the first logger is made, so {@link #configure}
 * runs first thing in {@code main}.
 */
final class CliLogging {
    private CliLogging() {
    }

    /** Sets the log levels from the raw arguments, before any logger exists, and bridges java.util.logging. */
    static void configure(String[] args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        setIfAbsent("org.slf4j.simpleLogger.log.dev.shadowbot", verbose ? "info" : "error");
        setIfAbsent("org.slf4j.simpleLogger.log.com.github.shyiko", verbose ? "info" : "error");
        bridge();
    }

    /** java.util.logging → SLF4J (idempotent). */
    static void bridge() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
