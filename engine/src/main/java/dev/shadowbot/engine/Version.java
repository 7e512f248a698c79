package dev.shadowbot.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, filtered into a resource by Maven. */
public final class Version {
    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("shadowbot-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
