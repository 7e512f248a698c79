package dev.shadowbot.engine.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations such as {@code 30m}, {@code 1h30m}, {@code 90s}, {@code 0}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("^(\\d+[dhms])+$");
    private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

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
