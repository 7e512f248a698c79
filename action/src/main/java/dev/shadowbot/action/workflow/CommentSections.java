package dev.shadowbot.action.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of the sticky comment: the hidden marker, then named sections in a fixed order, each between
 * hidden delimiters, so that {@code plan} rewrites its section and the deploy request's commands
 * (deploy, cutover, revert, skip-revert, cancel) rewrite theirs without erasing the other's.
 * A body written before sections existed (marker, then the plan) reads as one {@code plan} section.
 */
public final class CommentSections {
    /** The plan: diff, DDL, lint. */
    public static final String PLAN = "plan";
    /** The deploy request's state after the last command. */
    public static final String STATE = "state";
    private static final List<String> ORDER = List.of(PLAN, STATE);
    private static final Pattern SECTION =
            Pattern.compile("<!-- shadowbot:section (\\w+) -->\\n(.*?)\\n<!-- /shadowbot:section \\1 -->", Pattern.DOTALL);

    private CommentSections() {
    }

    /** The sections of an existing body that starts with {@code marker}, in order. */
    static Map<String, String> parse(String marker, String body) {
        Map<String, String> sections = new LinkedHashMap<>();
        String rest = body.startsWith(marker) ? body.substring(marker.length()).replaceFirst("^\\n", "") : body;
        Matcher m = SECTION.matcher(rest);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (ORDER.contains(m.group(1))) {
                sections.put(m.group(1), m.group(2));
            }
        }
        if (!any && !rest.isBlank()) {
            sections.put(PLAN, rest);
        }
        return sections;
    }

    /** The body with {@code section} set to {@code content} and every other section kept. */
    static String with(String marker, String existingBody, String section, String content) {
        if (!ORDER.contains(section)) {
            throw new IllegalArgumentException("unknown section " + section);
        }
        Map<String, String> sections = existingBody == null ? new LinkedHashMap<>() : parse(marker, existingBody);
        // Content must not open or close a section itself (an error message may quote anything): defused.
        sections.put(section, content.strip().replace("shadowbot:section", "shadowbot: section"));
        StringBuilder sb = new StringBuilder(marker);
        for (String name : ORDER) {
            String c = sections.get(name);
            if (c != null) {
                sb.append("\n<!-- shadowbot:section ").append(name).append(" -->\n").append(c)
                        .append("\n<!-- /shadowbot:section ").append(name).append(" -->");
            }
        }
        return sb.toString();
    }
}
