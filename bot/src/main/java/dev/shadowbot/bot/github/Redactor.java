package dev.shadowbot.bot.github;

import dev.shadowbot.engine.db.DatabaseUrl;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps connection details out of everything the bot writes to GitHub (comments, check runs). Engine
 * and driver messages name the server they failed on ({@code cannot connect to mysql://app@db1:3306/app},
 * {@code reachable at db1:3306}); those are fine in the operator's log and must not reach a pull
 * request, which a fork author or any reader of a public repository sees. Every comment body and
 * check-run text passes through {@link #redact} in the GitHub adapter, so no call site can forget it.
 */
public final class Redactor {
    public static final String HIDDEN = "‹connection details hidden›";
    private static final Pattern DATABASE_URL = Pattern.compile(
            "(?i)\\b(?:jdbc:[a-z]+|mysql|mariadb|mysqlx)://[^\\s`'\"<>)]*");
    /** Shorter passwords would mask ordinary words; real ones are longer. */
    private static final int MIN_SECRET_CHARS = 6;

    private final Set<String> literals = new LinkedHashSet<>();

    /** @param servers every database the bot connects to (targets and its state database) */
    public Redactor(Collection<DatabaseUrl> servers) {
        for (DatabaseUrl u : servers) {
            if (u == null) {
                continue;
            }
            String host = u.host().contains(":") ? "[" + u.host() + "]" : u.host();
            literals.add(host + ":" + u.port());
            if (u.password().length() >= MIN_SECRET_CHARS) {
                literals.add(u.password());
            }
        }
    }

    /** The text with database URLs, configured {@code host:port} pairs and passwords replaced. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = DATABASE_URL.matcher(text).replaceAll(HIDDEN);
        for (String l : literals) {
            if (out.contains(l)) {
                out = out.replace(l, HIDDEN);
            }
        }
        return out;
    }
}
