package dev.shadowbot.bot.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code CODEOWNERS} file as GitHub reads it: one rule per line, {@code pattern owner…}, {@code #}
 * comments; for each path the <em>last</em> matching rule wins (a rule without owners un-owns). Owners
 * are {@code @user}, {@code @org/team} (e-mail owners are kept as written and match nobody here).
 * Patterns follow GitHub's gitignore subset: a leading {@code /} anchors at the root, a trailing
 * {@code /} means a directory and everything in it, {@code *} stays inside one path segment,
 * {@code **} crosses segments, and a pattern without a {@code /} (other than a trailing one) matches at
 * any depth.
 */
public final class CodeOwners {
    /** Where GitHub looks, in its order; the first that exists is used. */
    public static final List<String> LOCATIONS = List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");

    private record Rule(Pattern pattern, List<String> owners) {
    }

    private final List<Rule> rules;

    private CodeOwners(List<Rule> rules) {
        this.rules = rules;
    }

    public static CodeOwners parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf(" #");
            if (hash > 0) {
                line = line.substring(0, hash).strip();
            }
            String[] parts = line.split("\\s+");
            List<String> owners = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                owners.add(parts[i].startsWith("@") ? parts[i].substring(1) : parts[i]);
            }
            rules.add(new Rule(Pattern.compile(regex(parts[0])), List.copyOf(owners)));
        }
        return new CodeOwners(rules);
    }

    /** The owners of {@code path} (logins and {@code org/team}), empty when no rule owns it. */
    public List<String> ownersOf(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        List<String> owners = List.of();
        for (Rule r : rules) {
            if (r.pattern().matcher(p).matches()) {
                owners = r.owners();
            }
        }
        return owners;
    }

    /** The owners of any of {@code paths}. */
    public Set<String> ownersOf(List<String> paths) {
        Set<String> out = new LinkedHashSet<>();
        paths.forEach(p -> out.addAll(ownersOf(p)));
        return out;
    }

    static String regex(String pattern) {
        String p = pattern;
        boolean anchored = p.startsWith("/") || p.substring(0, Math.max(0, p.length() - 1)).contains("/");
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        boolean dir = p.endsWith("/");
        if (dir) {
            p = p.substring(0, p.length() - 1);
        }
        StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < p.length() && p.charAt(i + 2) == '/';
                re.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // A name matches the file itself or, as a directory, everything below it.
        re.append(dir ? "/.*" : "(?:/.*)?");
        return re.toString();
    }
}
