package dev.shadowbot.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.logging.Handler;
import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

class CliLoggingTest {
    @Test
    void javaUtilLoggingGoesThroughSlf4jOnceTheCliRuns() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"--version"}, new PrintWriter(out), new PrintWriter(new StringWriter())));
        Handler[] root = java.util.logging.Logger.getLogger("").getHandlers();
        assertEquals(1, root.length, Arrays.toString(root));
        assertTrue(root[0] instanceof SLF4JBridgeHandler, "no ConsoleHandler writing 'INFO: Enabling GTID' to stderr: "
                + Arrays.toString(root));
    }

    @Test
    void helpListsResumeAndVerbose() {
        StringWriter out = new StringWriter();
        Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter()));
        assertTrue(out.toString().contains("resume"), out.toString());
        StringWriter deploy = new StringWriter();
        Main.run(new String[] {"deploy", "--help"}, new PrintWriter(deploy, true), new PrintWriter(new StringWriter()));
        assertTrue(deploy.toString().contains("--verbose") && deploy.toString().contains("--allow-mass-drop"),
                deploy.toString());
    }
}
