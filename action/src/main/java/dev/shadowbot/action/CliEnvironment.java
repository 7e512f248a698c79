package dev.shadowbot.action;

import java.util.Map;

/**
 * The environment variables a CLI run sees. Normally the process environment; tests run the CLI
 * in-process with their own map (for example a fake GitHub Actions environment), so that a test
 * run inside a real workflow does not pick up that workflow's variables.
 */
final class CliEnvironment {
    private static final ThreadLocal<Map<String, String>> CURRENT = ThreadLocal.withInitial(System::getenv);

    private CliEnvironment() {
    }

    static Map<String, String> current() {
        return CURRENT.get();
    }

    static void set(Map<String, String> env) {
        CURRENT.set(env);
    }

    static void reset() {
        CURRENT.remove();
    }
}
