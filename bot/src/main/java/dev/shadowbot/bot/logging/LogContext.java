package dev.shadowbot.bot.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Fields that every log line written inside a block carries (the JSON encoder writes the SLF4J MDC as
 * top-level fields): {@code delivery}, {@code event}, {@code repo}, {@code pr}, {@code dr},
 * {@code database}, {@code table}. Use with try-with-resources; closing restores what was there before,
 * so blocks nest:
 *
 * <pre>{@code
 * try (LogContext c = LogContext.deployRequest(dr.id(), dr.database())) { ... }
 * }</pre>
 *
 * Only identifiers go here, never secrets or payload text.
 */
public final class LogContext implements AutoCloseable {
    public static final String DELIVERY = "delivery";
    public static final String EVENT = "event";
    public static final String REPO = "repo";
    public static final String PR = "pr";
    public static final String DR = "dr";
    public static final String DATABASE = "database";
    public static final String TABLE = "table";

    private static final JsonFactory JSON = new JsonFactory();
    private final Map<String, String> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    /** Sets the given key/value pairs (null values are skipped). */
    public static LogContext with(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        LogContext c = new LogContext();
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put(keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    public static LogContext pullRequest(String repo, int number) {
        return with(REPO, repo, PR, Integer.toString(number));
    }

    public static LogContext deployRequest(long id, String database) {
        return with(DR, Long.toString(id), DATABASE, database);
    }

    public static LogContext table(String table) {
        return with(TABLE, table);
    }

    /**
     * The context of one webhook event: its delivery id and event name, plus the repository and PR
     * number read from the payload ({@code repository.full_name}; {@code pull_request.number},
     * {@code issue.number} or top-level {@code number}). A payload that does not parse adds nothing.
     */
    public static LogContext forEvent(String delivery, String event, byte[] payload) {
        LogContext c = with(DELIVERY, delivery, EVENT, event);
        String[] repoAndPr = repoAndPr(payload);
        c.put(REPO, repoAndPr[0]);
        c.put(PR, repoAndPr[1]);
        return c;
    }

    /** Streams the payload once, skipping every subtree it does not need. */
    static String[] repoAndPr(byte[] payload) {
        String repo = null;
        String pr = null;
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new String[2];
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("number") && value == JsonToken.VALUE_NUMBER_INT) {
                    pr = pr == null ? p.getText() : pr;
                } else if (value == JsonToken.START_OBJECT && field.equals("repository")) {
                    repo = child(p, "full_name");
                } else if (value == JsonToken.START_OBJECT && (field.equals("pull_request") || field.equals("issue"))) {
                    String n = child(p, "number");
                    pr = n != null ? n : pr;
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // Not JSON: the handler will say so; the log line just lacks repo and PR.
        }
        return new String[] {repo, pr};
    }

    /** Reads one scalar field of the object the parser is at, consuming the whole object. */
    private static String child(JsonParser p, String name) throws IOException {
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals(name) && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                found = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private void put(String key, String value) {
        if (value == null) {
            return;
        }
        if (!previous.containsKey(key)) {
            previous.put(key, MDC.get(key));
        }
        MDC.put(key, value);
    }

    @Override
    public void close() {
        previous.forEach((key, old) -> {
            if (old == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, old);
            }
        });
    }
}
