package dev.shadowbot.bot.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;
import net.logstash.logback.mask.ValueMasker;

/**
 * The last line of defence against secrets in logs, run by the JSON encoder on every string value of
 * every log line (message, MDC fields, stack traces). The code already avoids logging secrets (settings
 * and database URLs print themselves masked); this catches what slips through: the secrets the bot was
 * configured with ({@link #register}), PEM private-key blocks and passwords in {@code scheme://user:pass@}
 * URLs. Configured in {@code logback.xml}.
 */
public final class SecretMasker implements ValueMasker {
    public static final String MASK = "****";
    /** Shorter values would mask ordinary words; no real secret is this short (the loader refuses short tokens). */
    private static final int MIN_SECRET_CHARS = 6;
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", Pattern.DOTALL);
    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://[^/\\s:@]{0,128}:)[^@\\s/]+(?=@)");

    /** Adds secrets the bot holds (webhook secret, status token, database passwords); blanks are ignored. */
    public static void register(String... secrets) {
        for (String s : secrets) {
            if (s != null && s.strip().length() >= MIN_SECRET_CHARS) {
                SECRETS.add(s.strip());
            }
        }
    }

    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (!(value instanceof CharSequence cs)) {
            return null;
        }
        String masked = maskText(cs.toString());
        return masked.equals(cs.toString()) ? null : masked;
    }

    /** The text with every known secret, private key and URL password replaced by {@link #MASK}. */
    public static String maskText(String text) {
        String out = text;
        for (String secret : SECRETS) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        if (out.contains("PRIVATE KEY-----")) {
            out = PEM.matcher(out).replaceAll(MASK);
        }
        if (out.contains("://")) {
            out = URL_PASSWORD.matcher(out).replaceAll(MASK);
        }
        return out;
    }
}
