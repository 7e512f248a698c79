package dev.shadowbot.engine.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline suppressions in schema files: {@code -- shadowbot:ignore <code> <reason>} (or with {@code #}).
 * A suppression covers findings of that code for the table whose CREATE statement follows it (or
 * contains it); a reason is required and is shown beside the suppressed finding.
 */
public final class Suppressions {
    private static final Pattern DIRECTIVE =
            Pattern.compile("^\\s*(?:--|#)\\s*shadowbot:ignore\\b(.*)$", Pattern.CASE_INSENSITIVE);

    /** One suppression comment. */
    public record Suppression(String file, int line, LintCode code, String reason) {
    }

    /** Where a table's CREATE statement starts. */
    public record TableLocation(String table, String file, int line) {
    }

    private final List<Suppression> suppressions;
    private final List<TableLocation> tables;

    private Suppressions(List<Suppression> suppressions, List<TableLocation> tables) {
        this.suppressions = List.copyOf(suppressions);
        this.tables = tables.stream().sorted(Comparator.comparing(TableLocation::file)
                .thenComparingInt(TableLocation::line)).toList();
    }

    /** Parsing result: the suppressions and the malformed ones as {@code parse-error} findings. */
    public record Parsed(List<Suppression> suppressions, List<Finding> problems) {
    }

    /** Scans one file's text. */
    public static Parsed scan(String file, String text) {
        List<Suppression> found = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String[] parts = m.group(1).trim().split("\\s+", 2);
            int line = i + 1;
            if (parts[0].isEmpty()) {
                problems.add(problem(file, line, "shadowbot:ignore needs a code and a reason, e.g. "
                        + "`-- shadowbot:ignore float-type prices are approximate by design`"));
                continue;
            }
            var code = LintCode.byId(parts[0]);
            if (code.isEmpty() || !code.get().configurable()) {
                problems.add(problem(file, line, "shadowbot:ignore names unknown code '" + parts[0]
                        + "' (accepted: " + LintCode.allIds() + ")"));
                continue;
            }
            if (parts.length < 2 || parts[1].isBlank()) {
                problems.add(problem(file, line, "shadowbot:ignore " + parts[0]
                        + " needs a reason after the code: reviewers see it beside the finding"));
                continue;
            }
            found.add(new Suppression(file, line, code.get(), parts[1].trim()));
        }
        return new Parsed(found, problems);
    }

    private static Finding problem(String file, int line, String message) {
        return Finding.of(LintCode.PARSE_ERROR, "", file, line, message,
                "Suppression comments have the form `-- shadowbot:ignore <code> <reason>`.");
    }

    public static Suppressions of(List<Suppression> suppressions, List<TableLocation> tables) {
        return new Suppressions(suppressions, tables);
    }

    /** The finding marked suppressed when a suppression covers it, else unchanged. */
    public Finding apply(Finding f) {
        for (Suppression s : suppressions) {
            if (s.code() == f.code() && covers(s, f.table())) {
                return f.suppressed(s.reason());
            }
        }
        return f;
    }

    private boolean covers(Suppression s, String table) {
        TableLocation target = null;
        TableLocation before = null;
        for (TableLocation t : tables) {
            if (!t.file().equals(s.file())) {
                continue;
            }
            if (t.line() >= s.line()) {
                target = t;
                break;
            }
            before = t;
        }
        // A comment after the last CREATE in its file sits inside (or after) that statement.
        TableLocation covered = target != null ? target : before;
        return covered != null && covered.table().equalsIgnoreCase(table);
    }
}
