package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.comment.CheckRunReport;
import dev.shadowbot.bot.comment.StickyComment;
import dev.shadowbot.bot.github.RepoApi;
import dev.shadowbot.bot.github.RepoApi.CheckRunSpec;
import dev.shadowbot.bot.store.DeployQueue.Entry;
import dev.shadowbot.bot.store.DeployQueue.Request;
import dev.shadowbot.bot.store.DeployQueue.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The deploy part of the sticky comment (between its own markers, so the plan part and the deploy
 * part are rewritten independently) and the check run while a deploy request runs.
 */
public final class DeployStatusView {
    static final String BEGIN = "<!-- shadowbot:deploy -->";
    static final String END = "<!-- /shadowbot:deploy -->";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private DeployStatusView() {
    }

    /** The section for a PR's queue rows (latest per database); empty when it has none. */
    public static String section(List<Entry> entries, ToIntFunction<Entry> position) {
        if (entries.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(BEGIN).append("\n#### Deploy\n\n");
        md.append("| Database | State | Details |\n|---|---|---|\n");
        java.util.Map<String, Entry> latest = new java.util.LinkedHashMap<>();
        for (Entry e : entries) {
            latest.put(e.database(), e);
        }
        for (Entry e : latest.values()) {
            md.append("| `").append(e.database()).append("` | ").append(state(e, position)).append(" | ")
                    .append(details(e).replace("|", "\\|").replace("\n", " ")).append(" |\n");
        }
        return md.append('\n').append(END).toString();
    }

    static String state(Entry e, ToIntFunction<Entry> position) {
        return switch (e.status()) {
            case QUEUED -> {
                int p = position.applyAsInt(e);
                yield p <= 1 ? "⏳ queued, next" : "⏳ queued, position " + p + " (" + (p - 1) + " ahead)";
            }
            case RUNNING -> "🔄 building shadow tables" + (e.requested() == Request.CUTOVER
                    ? " (merged before staged: cuts over as soon as staged)" : "")
                    + (e.requested() == Request.CANCEL ? " (cancelling)" : "");
            case STAGED -> e.requested() == Request.CUTOVER ? "🔀 cutting over"
                    : e.requested() == Request.CANCEL ? "🛑 cancelling" : "✅ staged: merge to cut over";
            case WINDOW -> e.requested() == Request.REVERT ? "↩️ reverting"
                    : e.requested() == Request.SKIP_REVERT ? "⏭️ closing the revert window"
                    : "⏪ cut over, revert window open";
            case COMPLETE -> "✅ complete";
            case REVERTED -> "↩️ reverted";
            case CANCELLED -> "🛑 cancelled";
            case FAILED -> "❌ failed";
        };
    }

    static String details(Entry e) {
        StringBuilder d = new StringBuilder();
        d.append("`/deploy` by @").append(e.requestedBy()).append(" on `").append(StickyComment.shortSha(e.headSha()))
                .append('`');
        if (e.migrationId() != null) {
            d.append(", engine deploy request ").append(e.migrationId());
        }
        if (e.progress() != null && !e.progress().isEmpty()) {
            d.append("; ").append(StickyComment.escape(e.progress()));
        }
        if (e.cutoverAt() != null) {
            d.append("; cut over at ").append(TIME.format(e.cutoverAt()));
            if (e.cutoverLockMillis() != null) {
                d.append(" (writes stalled ").append(e.cutoverLockMillis()).append(" ms)");
            }
            if (e.status() == Status.WINDOW) {
                d.append("; revert window until ").append(TIME.format(e.revertWindowEnd().orElseThrow()))
                        .append(": `/revert` or `/skip-revert`");
            }
        }
        if (e.error() != null && !e.error().isEmpty()) {
            d.append("; error: ").append(StickyComment.escape(e.error()));
        }
        return d.toString();
    }

    /**
     * The deploy section for {@code entries} spliced into {@code body}, and the headline (the "Head `…` · …"
     * line) saying the deploy's real state — queued with its position, building shadow tables, staged, in the
     * revert window … — instead of the plan's "awaiting approval" once a deploy exists.
     */
    public static String splice(String body, List<Entry> entries, ToIntFunction<Entry> position) {
        String spliced = splice(body, section(entries, position));
        if (entries.isEmpty()) {
            return spliced;
        }
        java.util.Map<String, Entry> latest = new java.util.LinkedHashMap<>();
        entries.forEach(e -> latest.put(e.database(), e));
        StringBuilder state = new StringBuilder();
        for (Entry e : latest.values()) {
            state.append(state.length() == 0 ? "" : "; ").append(latest.size() > 1 ? StickyComment.code(e.database())
                    + ": " : "").append(state(e, position));
        }
        java.util.regex.Matcher m = HEADLINE.matcher(spliced);
        return m.find() ? spliced.substring(0, m.start()) + m.group(1) + "deploy: " + state
                + spliced.substring(m.end()) : spliced;
    }

    private static final java.util.regex.Pattern HEADLINE = java.util.regex.Pattern.compile(
            "(?m)^(Head `[0-9a-f]{1,40}` · ).*$");

    /** Replaces the deploy section of a sticky comment body (or appends it; removes it when empty). */
    public static String splice(String body, String section) {
        int b = body.indexOf(BEGIN);
        int end = body.indexOf(END);
        String base = b >= 0 && end > b ? body.substring(0, b) + body.substring(end + END.length()) : body;
        base = base.stripTrailing();
        return section.isEmpty() ? base + "\n" : base + "\n\n" + section + "\n";
    }

    /** The check run for a running deploy: in progress until staged, success from staged on. */
    public static CheckRunSpec check(Entry e, String detailsUrl) {
        String conclusion = switch (e.status()) {
            case QUEUED, RUNNING -> null;
            case STAGED, WINDOW, COMPLETE -> "success";
            case REVERTED -> "neutral";
            case CANCELLED -> "action_required";
            case FAILED -> "failure";
        };
        String title = switch (e.status()) {
            case QUEUED -> "Deploy queued";
            case RUNNING -> "Building shadow tables";
            case STAGED -> "Staged: ready to merge";
            case WINDOW -> "Cut over: revert window open";
            case COMPLETE -> "Complete";
            case REVERTED -> "Reverted to the old schema";
            case CANCELLED -> "Deploy cancelled: comment /deploy again";
            case FAILED -> "Deploy failed";
        };
        List<RepoApi.CheckAction> buttons = e.status() == Status.WINDOW && e.requested() == null
                ? List.of(new RepoApi.CheckAction("Revert", "Same checks as /revert", CheckRunReport.REVERT),
                new RepoApi.CheckAction("Skip revert", "Same checks as /skip-revert", CheckRunReport.SKIP_REVERT))
                : List.of();
        return new CheckRunSpec(CheckRunReport.NAME, e.headSha(), conclusion, title,
                "Database `" + e.database() + "`: " + details(e), "", detailsUrl, List.of(), buttons);
    }

    /** The final comment when a row leaves its revert window (or completes without one). */
    static String summary(Entry e) {
        StringBuilder md = new StringBuilder();
        String db = "`" + e.database() + "`";
        String cut = e.cutoverAt() == null ? "" : " at " + TIME.format(e.cutoverAt())
                + (e.cutoverLockMillis() == null ? "" : " (writes stalled " + e.cutoverLockMillis() + " ms)");
        if (e.status() == Status.REVERTED) {
            md.append("↩️ **Reverted** ").append(db).append(": the schema from before this pull request is live again,")
                    .append(" with every row written since the cutover").append(cut).append(".")
                    .append(" Values in columns only the new schema had are gone.")
                    .append("\n\nNext: the schema files on the base branch no longer match the database; revert this")
                    .append(" pull request's schema change in git, or open a new pull request to change it again.");
        } else if (e.status() == Status.COMPLETE) {
            md.append("✅ **Deploy complete** on ").append(db).append(": cut over").append(cut).append(". ")
                    .append(e.revertWindow().isZero() ? "No revert window was configured."
                            : e.requested() == Request.SKIP_REVERT ? "The revert window was closed early (`/skip-revert`)."
                            : "The revert window ended at " + TIME.format(e.revertWindowEnd().orElseThrow()) + ".")
                    .append(" The old table is dropped; the new schema stays.");
        } else {
            md.append("❌ **Deploy failed** on ").append(db).append(" after the cutover");
            if (e.error() != null) {
                md.append(": ").append(StickyComment.escape(e.error()));
            }
            md.append(".\n\nNext: check `shadowbot status --id ").append(e.migrationId()).append("` and the bot's log.");
        }
        md.append("\n\n`/deploy` by @").append(e.requestedBy()).append(" on `").append(StickyComment.shortSha(e.headSha()))
                .append("`, engine deploy request ").append(e.migrationId()).append('.');
        return md.toString();
    }

    static String time(Instant t) {
        return TIME.format(t);
    }
}
