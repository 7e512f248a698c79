package dev.shadowbot.bot.lifecycle;

import dev.shadowbot.bot.comment.CheckRunReport;
import dev.shadowbot.bot.comment.StickyComment;
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
            case COMPLETE -> "✅ cut over";
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
        if (e.status() == Status.COMPLETE && e.cutoverAt() != null) {
            d.append("; cut over at ").append(TIME.format(e.cutoverAt()));
            if (e.cutoverLockMillis() != null) {
                d.append(" (writes stalled ").append(e.cutoverLockMillis()).append(" ms)");
            }
            d.append("; revert window until ").append(TIME.format(e.revertWindowEnd().orElseThrow()));
        }
        if (e.error() != null && !e.error().isEmpty()) {
            d.append("; error: ").append(StickyComment.escape(e.error()));
        }
        return d.toString();
    }

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
            case STAGED, COMPLETE -> "success";
            case CANCELLED -> "action_required";
            case FAILED -> "failure";
        };
        String title = switch (e.status()) {
            case QUEUED -> "Deploy queued";
            case RUNNING -> "Building shadow tables";
            case STAGED -> "Staged: ready to merge";
            case COMPLETE -> "Cut over";
            case CANCELLED -> "Deploy cancelled: comment /deploy again";
            case FAILED -> "Deploy failed";
        };
        return new CheckRunSpec(CheckRunReport.NAME, e.headSha(), conclusion, title,
                "Database `" + e.database() + "`: " + details(e), "", detailsUrl, List.of());
    }

    static String time(Instant t) {
        return TIME.format(t);
    }
}
