package dev.shadowbot.engine.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every option and config key: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 1h30m},
 * {@code 2d}, {@code 0}, and ISO-8601 ({@code PT5M}, {@code P1D}) for those who write that.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("^(\\d+(ms|[dhms]))+$");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[dhms])");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.length() > 1 && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
            try {
                return Optional.of(Duration.parse(s));
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (!WHOLE.matcher(s).matches()) {
            return Optional.empty();
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "d" -> d.plusDays(n);
                case "h" -> d.plusHours(n);
                case "m" -> d.plusMinutes(n);
                case "ms" -> d.plusMillis(n);
                default -> d.plusSeconds(n);
            };
        }
        return Optional.of(d);
    }

    /** The short form, e.g. {@code 30m}, {@code 1h30m}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }
}
