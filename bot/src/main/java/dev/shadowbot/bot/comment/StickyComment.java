package dev.shadowbot.bot.comment;

import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.deploy.PrReview;
import dev.shadowbot.engine.config.ConfigProblem;
import dev.shadowbot.engine.lint.LintReport;
import dev.shadowbot.engine.report.PlanMarkdown;
import dev.shadowbot.engine.report.PlanReport;
import dev.shadowbot.engine.schema.Plan;
import java.util.List;

/**
 * Renders the one sticky comment per pull request (Markdown). The hidden {@link #MARKER} lets the bot
 * find its comment again even if its stored id is lost; the comment is always edited in place.
 */
public final class StickyComment {
    public static final String MARKER = "<!-- shadowbot:sticky -->";
    /** GitHub refuses comment bodies over 65 536 characters. */
    static final int MAX_CHARS = 65_000;

    private final String docsUrl;

    /** @param docsUrl base URL of shadowbot's docs folder for lint-code links; empty = no links */
    public StickyComment(String docsUrl) {
        this.docsUrl = docsUrl == null || docsUrl.isBlank() ? "" : docsUrl.endsWith("/") ? docsUrl : docsUrl + "/";
    }

    public String render(PrReview review) {
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
                    .append("Approve the pull request (write access, not the author), then comment `/deploy`")
                    .append(" (`/deploy --allow-data-loss` when the plan drops data). ")
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

    private void database(StringBuilder md, DbResult db) {
        md.append("#### Database `").append(db.name()).append("` — ").append(stateText(db)).append("\n\n");
        if (!db.note().isEmpty()) {
            md.append(escape(db.note())).append("\n\n");
        }
        if (db.plan() == null) {
            return;
        }
        // The plan itself has one layout, shared with the CLI and the action (engine/report).
        PlanReport report = new PlanReport(new Plan(db.plan().database(), db.plan().changes(), List.of()),
                new LintReport(db.plan().findings(), db.plan().deployable(), false, db.plan().revertability()), false);
        new PlanMarkdown(db::repoPath, docsUrl).body(md, report);
    }

    private static String stateText(DbResult db) {
        return switch (db.state()) {
            case PLANNED -> "planned, awaiting approval";
            case BLOCKED -> "planned, blocked by lint errors";
            case NO_CHANGES -> db.wasPlanned() ? "no schema changes anymore" : "no changes";
            case PLAN_FAILED -> "cannot be planned";
            case CLOSED -> "closed";
        };
    }

    /** Keeps user-controlled text from closing our HTML or forging the marker. */
    public static String escape(String s) {
        return PlanMarkdown.escape(s);
    }

    public static String shortSha(String sha) {
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

    /** One-line title for the check run. */
    public static String title(PrReview review) {
        if (review.databases().isEmpty() && review.configErrors().isEmpty()) {
            return "No schema changes";
        }
        return switch (review.verdict()) {
            case FAILURE -> "Blocked: " + (review.configErrors().isEmpty() ? "errors in the plan" : "config errors");
            case ACTION_REQUIRED -> countChanges(review) + " awaiting approval and /deploy";
            case SUCCESS -> review.diffGone() ? "No schema changes anymore" : "Nothing to deploy";
        };
    }
}
