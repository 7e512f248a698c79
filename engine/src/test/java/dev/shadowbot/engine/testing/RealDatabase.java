package dev.shadowbot.engine.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that talks to a real server. Test methods may take a {@link TestDb} parameter:
 * a fresh schema, dropped afterwards. Without any server the test is skipped, except with CI=true,
 * where it fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealDatabaseExtension.class)
public @interface RealDatabase {
}
