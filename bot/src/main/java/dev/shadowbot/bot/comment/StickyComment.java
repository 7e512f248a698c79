package dev.shadowbot.bot.comment;

import dev.shadowbot.bot.deploy.PlanningService.Change;
import dev.shadowbot.bot.deploy.PlanningService.Problem;
import dev.shadowbot.bot.deploy.PrReview;
import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.bot.deploy.Verdict;
import java.util.List;
import java.util.Locale;

/**
 * Renders the one sticky comment per pull request (Markdown). The hidden {@link #MARKER} lets the bot
 * find its comment again even if its stored id is lost; the comment is always edited in place.
 */
public final class StickyComment {
    public static final String MARKER = "<!-- shadowbot:sticky -->";
    /** GitHub refuses comment bodies over 65 536 characters. */
    static final int MAX_CHARS = 65_000;
    /** Diffs longer than this many lines start collapsed. */
    static final int OPEN_DIFF_LINES = 30;

    private StickyComment() {
    }

    public static String render(PrReview review) {
        StringBuilder md = new StringBuilder(4096);
        md.append(MARKER).append('\n');
        md.append("### shadowbot · deploy request\n\n");
        md.append("Head `").append(shortSha(review.pr().headSha())).append("` · ").append(headline(review))
                .append("\n\n");
        if (!review.pr().open()) {
            md.append("> This pull request is ").append(review.pr().merged() ? "merged" : "closed")
                    .append("; its deploy requests are closed.\n\n");
        }
        if (review.diffGone()) {
            md.append("> **No schema changes anymore.** The latest push removed the schema diff this pull request"
                    + " had; there is nothing to deploy.\n\n");
        }
        if (!review.configErrors().isEmpty()) {
            md.append("#### Configuration errors\n\n");
            for (ConfigProblem e : review.configErrors()) {
                md.append("- `").append(e.file()).append(':').append(e.line()).append("` ").append(escape(e.message()))
                        .append('\n');
            }
            md.append('\n');
        }
        if (review.databases().isEmpty() && review.configErrors().isEmpty()) {
            md.append("No schema changes: ").append(review.noSchemaReason()).append(".\n\n");
        }
        for (DbResult db : review.databases()) {
            database(md, db);
        }
        if (review.anyChanges() && review.pr().open()) {
            md.append("#### Next steps\n\n")
                    .append("Approve the pull request (write access, not the author), then comment `/deploy`. ")
                    .append("Other commands: `/plan` re-plans, `/status`, `/cancel`, `/help`.\n\n");
        }
        md.append("<sub>Updated for `").append(shortSha(review.pr().headSha()))
                .append("`. This comment is edited in place on every push.</sub>\n");
        return clip(md);
    }

    static String headline(PrReview review) {
        return switch (review.verdict()) {
            case FAILURE -> "❌ blocked: fix the errors below";
            case ACTION_REQUIRED -> "⏳ " + countChanges(review) + " awaiting approval and `/deploy`";
            case SUCCESS -> review.diffGone() ? "✅ no schema changes anymore" : "✅ nothing to deploy";
        };
    }

    private static String countChanges(PrReview review) {
        long n = review.databases().stream().filter(DbResult::hasChanges)
                .mapToLong(d -> d.plan().changes().size()).sum();
        return n + (n == 1 ? " table change" : " table changes");
    }

    private static void database(StringBuilder md, DbResult db) {
        md.append("#### Database `").append(db.name()).append("` — ").append(stateText(db)).append("\n\n");
        if (!db.note().isEmpty()) {
            md.append(escape(db.note())).append("\n\n");
        }
        if (db.plan() == null) {
            return;
        }
        List<Problem> problems = db.plan().problems();
        if (!problems.isEmpty()) {
            md.append("| Code | Where | Problem |\n|---|---|---|\n");
            for (Problem p : problems) {
                md.append("| `").append(p.code()).append("` | `").append(db.repoPath(p.file())).append(':')
                        .append(p.line()).append("` | ").append(cell(p.message())).append(" |\n");
            }
            md.append('\n');
        }
        if (db.plan().changes().isEmpty()) {
            if (problems.isEmpty()) {
                md.append("The schema files match the live database: nothing to apply.\n\n");
            }
            return;
        }
        md.append("| Table | Change | Data loss |\n|---|---|---|\n");
        for (Change c : db.plan().changes()) {
            md.append("| `").append(c.table()).append("` | ").append(c.kind()).append(" | ")
                    .append(dataLoss(c)).append(" |\n");
        }
        md.append('\n');
        for (Change c : db.plan().changes()) {
            int lines = c.diff() == null ? 0 : (int) c.diff().lines().count();
            md.append("<details").append(lines <= OPEN_DIFF_LINES ? " open" : "").append("><summary><code>")
                    .append(c.table()).append("</code> — ").append(c.kind().toLowerCase(Locale.ROOT))
                    .append(c.file() == null ? "" : " (" + db.repoPath(c.file()) + ":" + c.line() + ")")
                    .append("</summary>\n\n");
            if (c.diff() != null && !c.diff().isBlank()) {
                md.append(fence("diff", c.diff()));
            }
            md.append(fence("sql", String.join(";\n", c.ddl()) + ";"));
            md.append("</details>\n\n");
        }
    }

    private static String stateText(DbResult db) {
        return switch (db.state()) {
            case PLANNED -> "planned, awaiting approval";
            case NO_CHANGES -> db.wasPlanned() ? "no schema changes anymore" : "no changes";
            case PLAN_FAILED -> "cannot be planned";
            case CLOSED -> "closed";
        };
    }

    /** Data-loss warning read from the change itself; the lint engine's findings will refine this. */
    static String dataLoss(Change c) {
        if ("DROP".equals(c.kind())) {
            return "⚠️ drops the table and all its rows";
        }
        boolean dropsColumn = c.ddl().stream().anyMatch(s -> s.toUpperCase(Locale.ROOT).contains("DROP COLUMN"));
        return dropsColumn ? "⚠️ drops column data" : "none";
    }

    private static String fence(String lang, String body) {
        String fence = body.contains("```") ? "~~~~" : "```";
        return fence + lang + "\n" + body.stripTrailing() + "\n" + fence + "\n\n";
    }

    private static String cell(String s) {
        return escape(s).replace("|", "\\|").replace("\n", " ");
    }

    /** Keeps user-controlled text from closing our HTML or forging the marker. */
    static String escape(String s) {
        return s.replace("<", "&lt;").replace(">", "&gt;");
    }

    static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }

    private static String clip(StringBuilder md) {
        if (md.length() <= MAX_CHARS) {
            return md.toString();
        }
        return md.substring(0, MAX_CHARS - 200) + "\n\n…\n\n**The plan is too long for one comment; it was cut here."
                + " The check run `shadowbot` lists every change.**\n";
    }

    /** True when a comment body is one of ours. */
    public static boolean isSticky(String body) {
        return body != null && body.startsWith(MARKER);
    }

    /** Verdict shown at the top, exposed for the check run title. */
    public static String title(PrReview review) {
        Verdict v = review.verdict();
        return v == Verdict.SUCCESS && review.databases().isEmpty() && review.configErrors().isEmpty()
                ? "No schema changes" : headline(review).replaceAll("[^\\p{L}\\p{N} `:/,.()-]", "").trim();
    }
}
