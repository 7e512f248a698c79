package dev.shadowbot.bot.comment;

import dev.shadowbot.bot.deploy.PrReview.DbResult;
import dev.shadowbot.bot.deploy.PrReview;
import dev.shadowbot.bot.deploy.Verdict;
import dev.shadowbot.bot.github.RepoApi.PullRequestInfo;
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
        String full = renderFull(review);
        return BlockCut.cut(full, MAX_CHARS, full.length() <= CheckRunReport.MAX_TEXT
                ? "The check run `shadowbot` (Details) has the full plan."
                : "The check run `shadowbot` (Details) shows more of it; `shadowbot plan` on this head prints all of it.");
    }

    /** The whole comment, however long (the check run's text is cut from this at its own limit). */
    public String renderFull(PrReview review) {
        StringBuilder md = new StringBuilder(4096);
        md.append(MARKER).append('\n');
        md.append("### shadowbot · deploy request\n\n");
        md.append("Head `").append(shortSha(review.pr().headSha())).append("` · ").append(headline(review))
                .append("\n\n");
        if (!review.pr().open()) {
            md.append("> This pull request is ").append(review.pr().merged() ? "merged" : "closed")
                    .append("; its deploy requests are closed.\n\n");
        }
        notes(md, review);
        if (review.diffGone()) {
            md.append("> **No schema changes anymore.** The latest push removed the schema diff this pull request"
                    + " had; there is nothing to deploy.\n\n");
        }
        if (!review.policyErrors().isEmpty()) {
            md.append("#### Policy errors (base branch `").append(escape(review.pr().baseRef())).append("`)\n\n");
            problems(md, review.policyErrors());
        }
        if (!review.configErrors().isEmpty()) {
            md.append("#### Configuration errors\n\n");
            problems(md, review.configErrors());
        }
        if (review.databases().isEmpty() && !review.hasConfigErrors() && review.held().isEmpty()) {
            md.append("No schema changes: ").append(escape(review.noSchemaReason())).append(".\n\n");
        }
        for (String name : review.held()) {
            md.append("#### Database `").append(escape(name)).append("` — not planned (pull request from a fork)\n\n");
        }
        for (DbResult db : review.databases()) {
            database(md, db);
        }
        if (review.pr().open() && review.pr().fromFork() && (review.anyChanges() || !review.held().isEmpty())) {
            md.append("#### Next steps\n\n")
                    .append("Someone with write access comments `/plan` to plan this head against the live database")
                    .append(" (it reads production). Pull requests from forks are never deployed.\n\n");
        } else if (review.anyChanges() && review.pr().open()) {
            md.append("#### Next steps\n\n")
                    .append("Approve the pull request (write access, not the author), then comment `/deploy`")
                    .append(" (`/deploy --allow-data-loss` when the plan drops data). ")
                    .append("Other commands: `/plan` re-plans, `/status`, `/cancel`, `/help`.\n\n");
        }
        md.append("<sub>Updated for `").append(shortSha(review.pr().headSha()))
                .append("`. This comment is edited in place on every push.</sub>\n");
        return md.toString();
    }

    /** The fork and policy-change notes, right below the headline. */
    private static void notes(StringBuilder md, PrReview review) {
        PullRequestInfo pr = review.pr();
        if (pr.fromFork()) {
            String from = pr.headRepo().isEmpty() ? "a fork that no longer exists"
                    : "the fork `" + escape(pr.headRepo()) + "`";
            md.append("> 🍴 This pull request comes from ").append(from).append(". shadowbot plans a fork's pull")
                    .append(" request against the live databases only when someone with write access comments")
                    .append(" `/plan`");
            if (!review.forkPlannedBy().isEmpty()) {
                md.append(" (this head was planned at the request of @").append(escape(review.forkPlannedBy()))
                        .append("; a new push needs a new `/plan`)");
            }
            md.append(", and it **never deploys** one: to deploy the change, push its branch to `")
                    .append(escape(pr.baseRepo())).append("` and open the pull request from there.\n\n");
        }
        if (review.policyChanged()) {
            md.append("> ℹ️ This pull request changes `.github/shadowbot.yml`. Pull requests are judged by the")
                    .append(" policy on the base branch `").append(escape(pr.baseRef())).append("`; the new policy")
                    .append(" (approvals, teams, data-loss rules, revert window, lint, the folder → database map)")
                    .append(" applies after this pull request merges.\n\n");
        }
    }

    private static void problems(StringBuilder md, List<ConfigProblem> problems) {
        for (ConfigProblem e : problems) {
            md.append("- ").append(code(e.file() + ":" + e.line())).append(' ').append(escape(e.message()))
                    .append('\n');
        }
        md.append('\n');
    }

    static String headline(PrReview review) {
        if (review.verdict() == Verdict.ACTION_REQUIRED && !review.anyChanges()) {
            return "⏸️ from a fork: not planned until someone with write access comments `/plan`";
        }
        return switch (review.verdict()) {
            case FAILURE -> "❌ blocked: fix the errors below";
            case ACTION_REQUIRED -> "⏳ " + countChanges(review) + " awaiting "
                    + (review.pr().fromFork() ? "a pull request from this repository (forks never deploy)"
                    : "approval and `/deploy`");
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
        if (!db.plan().path().isEmpty()) {
            // Instant (in place) or copy, per table, as the server answers; and what a revert would lose.
            md.append("\n**").append(escape(db.plan().path().get(0))).append("**\n\n");
            db.plan().path().stream().skip(1).forEach(l -> md.append("- ").append(escape(l.strip())).append('\n'));
            md.append('\n');
        }
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

    /**
     * {@code text} as a Markdown code span that it cannot end early: the fence is one backtick longer than
     * the longest run of backticks inside (CommonMark), padded with spaces when the text starts or ends with
     * one. Nothing inside a code span is HTML, so the text needs no other escaping (entities would show).
     */
    public static String code(String text) {
        String t = text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
        int longest = 0;
        int run = 0;
        for (int i = 0; i < t.length(); i++) {
            run = t.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = t.startsWith("`") || t.endsWith("`");
        return fence + (pad ? " " + t + " " : t) + fence;
    }

    /** Keeps user-controlled text from closing our HTML or forging the marker. */
    public static String escape(String s) {
        return PlanMarkdown.escape(s);
    }

    public static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }

    /** True when a comment body is one of ours. */
    public static boolean isSticky(String body) {
        return body != null && body.startsWith(MARKER);
    }

    /** One-line title for the check run. */
    public static String title(PrReview review) {
        if (review.databases().isEmpty() && !review.hasConfigErrors() && review.held().isEmpty()) {
            return "No schema changes";
        }
        if (review.verdict() == Verdict.ACTION_REQUIRED && !review.anyChanges()) {
            return "Fork pull request: not planned until a writer comments /plan";
        }
        return switch (review.verdict()) {
            case FAILURE -> "Blocked: " + (review.hasConfigErrors() ? "config errors" : "errors in the plan");
            case ACTION_REQUIRED -> countChanges(review) + (review.pr().fromFork()
                    ? " planned (a fork's pull request never deploys)" : " awaiting approval and /deploy");
            case SUCCESS -> review.diffGone() ? "No schema changes anymore" : "Nothing to deploy";
        };
    }
}
