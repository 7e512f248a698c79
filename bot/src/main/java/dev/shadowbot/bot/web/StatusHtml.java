package dev.shadowbot.bot.web;

import dev.shadowbot.bot.github.RateLimits;
import dev.shadowbot.bot.store.DeployProgress.Progress;
import dev.shadowbot.bot.store.DeployRequestStatus;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.engine.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the status page from deploy request statuses, server side, into the {@code status/page.html}
 * template. Every value from the database goes through {@link #esc}; links are built only from a
 * validated {@code owner/name} and a number. No scripts, no external assets.
 */
public final class StatusHtml {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z]+)}}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String TEMPLATE = resource("/status/page.html");

    private final String webUrl;

    /** @param githubApiUrl the API URL the bot uses; PR links point at the matching web host */
    public StatusHtml(String githubApiUrl) {
        this.webUrl = webUrl(githubApiUrl);
    }

    /** https://api.github.com → https://github.com; https://HOST/api/v3 → https://HOST. */
    static String webUrl(String apiUrl) {
        String u = apiUrl.replaceAll("/+$", "");
        if (u.equals("https://api.github.com")) {
            return "https://github.com";
        }
        return u.endsWith("/api/v3") ? u.substring(0, u.length() - "/api/v3".length()) : u;
    }

    public String render(List<DeployRequestStatus> statuses, boolean trialMode, Instant now) {
        return render(statuses, trialMode, now, List.of());
    }

    /** With the installations that wait for a GitHub rate limit to reset (their events are rescheduled). */
    public String render(List<DeployRequestStatus> statuses, boolean trialMode, Instant now,
                         List<RateLimits.Wait> waits) {
        return render(statuses, trialMode, now, waits, List.of(), null);
    }

    /**
     * With parked events; {@code queryToken} is the token the page was opened with ({@code ?token=}), put in
     * the retry forms' action so a browser can post them; null when it came in a header (then: curl).
     */
    public String render(List<DeployRequestStatus> statuses, boolean trialMode, Instant now,
                         List<RateLimits.Wait> waits, List<Inbox.Parked> parked, String queryToken) {
        String banner = trialMode ? "<p class=\"trial\" id=\"trial-mode\">Trial mode: the state database is an "
                + "embedded MariaDB that is deleted when the bot stops. Set SHADOWBOT_STATE_DB_URL before real "
                + "use.</p>" : "";
        Map<String, String> slots = Map.of(
                "version", esc(Version.current()),
                "generated", esc(UTC.format(now)),
                "banner", banner,
                "queues", queues(statuses),
                "requests", requests(statuses, now),
                "github", rateLimits(waits, now) + ParkedHtml.render(parked, queryToken, webUrl));
        Matcher m = SLOT.matcher(TEMPLATE);
        StringBuilder out = new StringBuilder(TEMPLATE.length() + 4096);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(slots.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String rateLimits(List<RateLimits.Wait> waits, Instant now) {
        if (waits.isEmpty()) {
            return "<p class=\"empty\" id=\"rate-limits\">No installation is waiting for a rate limit.</p>";
        }
        StringBuilder b = new StringBuilder("<table class=\"rate-limits\" id=\"rate-limits\"><thead><tr>"
                + "<th>Installation</th><th>Limit</th><th>Since</th><th>Events resume at</th><th>Answer</th>"
                + "</tr></thead><tbody>");
        for (RateLimits.Wait w : waits) {
            b.append("<tr><td>").append(w.installationId()).append("</td><td>").append(esc(w.kind()))
                    .append("</td><td>").append(esc(UTC.format(w.since()))).append("</td><td>")
                    .append(esc(UTC.format(w.until()))).append(" (in ")
                    .append(Math.max(0, java.time.Duration.between(now, w.until()).toSeconds())).append(" s)</td><td>")
                    .append(esc(w.reason())).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private String queues(List<DeployRequestStatus> statuses) {
        Map<String, List<DeployRequestStatus>> active = new TreeMap<>();
        Map<String, List<DeployRequestStatus>> waiting = new TreeMap<>();
        for (DeployRequestStatus s : statuses) {
            if (s.active()) {
                active.computeIfAbsent(s.database(), k -> new ArrayList<>()).add(s);
                waiting.computeIfAbsent(s.database(), k -> new ArrayList<>());
            } else if (s.queued()) {
                waiting.computeIfAbsent(s.database(), k -> new ArrayList<>()).add(s);
                active.computeIfAbsent(s.database(), k -> new ArrayList<>());
            }
        }
        if (waiting.isEmpty()) {
            return "<p class=\"empty\">No deploy request is running or waiting.</p>";
        }
        StringBuilder b = new StringBuilder("<table class=\"queues\"><thead><tr><th>Database</th><th>Running</th>"
                + "<th>Waiting (first in line first)</th></tr></thead><tbody>");
        for (String db : waiting.keySet()) {
            List<DeployRequestStatus> q = new ArrayList<>(waiting.get(db));
            q.sort((x, y) -> Long.compare(queuedAt(x), queuedAt(y)));
            b.append("<tr><td><code>").append(esc(db)).append("</code></td><td>");
            b.append(active.get(db).isEmpty() ? "<span class=\"muted\">idle</span>" : prList(active.get(db), false));
            b.append("</td><td>").append(q.isEmpty() ? "<span class=\"muted\">none</span>" : prList(q, true))
                    .append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static long queuedAt(DeployRequestStatus s) {
        Long q = s.progress() == null ? null : s.progress().queuedAtMillis();
        return q == null ? Long.MAX_VALUE : q;
    }

    private String prList(List<DeployRequestStatus> list, boolean numbered) {
        StringBuilder b = new StringBuilder();
        int position = 1;
        for (DeployRequestStatus s : list) {
            if (b.length() > 0) {
                b.append(numbered ? ", " : "<br>");
            }
            if (numbered) {
                b.append(position++).append(". ");
            }
            b.append(prLink(s)).append(" <span class=\"state state-").append(esc(s.state())).append("\">")
                    .append(esc(s.state())).append("</span>");
        }
        return b.toString();
    }

    private String requests(List<DeployRequestStatus> statuses, Instant now) {
        if (statuses.isEmpty()) {
            return "<p class=\"empty\">No deploy requests yet. Open a pull request that changes schema files.</p>";
        }
        StringBuilder b = new StringBuilder("<table class=\"requests\"><thead><tr><th>DR</th><th>Pull request</th>"
                + "<th>Database</th><th>State</th><th>Progress</th><th>Revert window</th><th>Revertible</th>"
                + "<th>Plan</th><th>Updated</th></tr></thead><tbody>");
        for (DeployRequestStatus s : statuses) {
            Progress p = s.progress();
            b.append("<tr id=\"dr-").append(s.id()).append("\" data-state=\"").append(esc(s.state())).append("\">")
                    .append("<td>#").append(s.id()).append("</td>")
                    .append("<td>").append(prLink(s)).append("<br><code class=\"muted\">")
                    .append(esc(shortSha(s.headSha()))).append("</code></td>")
                    .append("<td><code>").append(esc(s.database())).append("</code></td>")
                    .append("<td><span class=\"state state-").append(esc(s.state())).append("\">")
                    .append(esc(s.state())).append("</span></td>")
                    .append("<td>").append(progress(p)).append("</td>")
                    .append("<td>").append(revertWindow(p, now)).append("</td>")
                    .append("<td>").append(revertible(p)).append("</td>")
                    .append("<td>").append(s.changeCount()).append(s.changeCount() == 1 ? " change" : " changes");
            if (s.summary() != null && !s.summary().isBlank()) {
                b.append("<br><span class=\"muted\">").append(esc(clip(s.summary(), 200))).append("</span>");
            }
            b.append("</td><td class=\"muted\">").append(esc(ago(s.ageSeconds()))).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private String prLink(DeployRequestStatus s) {
        String label = esc(s.repo()) + "#" + s.prNumber();
        if (!REPO.matcher(s.repo()).matches()) {
            return label;
        }
        String href = webUrl + "/" + s.repo() + "/pull/" + s.prNumber();
        return "<a href=\"" + esc(href) + "\" rel=\"noreferrer noopener\">" + label + "</a>";
    }

    private static String progress(Progress p) {
        if (p == null) {
            return "<span class=\"muted\">not started</span>";
        }
        StringBuilder b = new StringBuilder();
        int pct = p.percentCopied();
        if (pct >= 0) {
            b.append("<progress max=\"100\" value=\"").append(pct).append("\">").append(pct).append("%</progress> ")
                    .append(pct).append("%<br>");
        }
        b.append("<span class=\"muted\">").append(String.format("%,d", p.rowsCopied()));
        if (p.rowsTotal() > 0) {
            b.append(" / ").append(String.format("%,d", p.rowsTotal()));
        }
        b.append(" rows");
        if (p.lagMillis() != null) {
            b.append(" · lag ").append(String.format("%.1f s", p.lagMillis() / 1000.0));
        }
        if (p.cutoverStallMillis() != null) {
            b.append(" · cutover stall ").append(p.cutoverStallMillis()).append(" ms");
        }
        return b.append("</span>").toString();
    }

    private static String revertWindow(Progress p, Instant now) {
        if (p == null || p.revertWindowEndsAtMillis() == null) {
            return "<span class=\"muted\">–</span>";
        }
        Instant end = Instant.ofEpochMilli(p.revertWindowEndsAtMillis());
        Duration left = Duration.between(now, end);
        if (left.isNegative() || left.isZero()) {
            return "closed <span class=\"muted\">(" + esc(UTC.format(end)) + ")</span>";
        }
        return "<strong class=\"countdown\">" + esc(countdown(left)) + " left</strong><br><span class=\"muted\">until "
                + esc(CLOCK.format(end)) + "</span>";
    }

    static String countdown(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format("%dm %02ds", s / 60, s % 60);
    }

    private static String revertible(Progress p) {
        if (p == null || p.revertible() == null) {
            return "<span class=\"muted\">–</span>";
        }
        if (p.revertible()) {
            return "<span class=\"yes\">yes</span>";
        }
        String why = p.revertBlocker() == null ? "" : "<br><span class=\"muted\">" + esc(clip(p.revertBlocker(), 300))
                + "</span>";
        return "<span class=\"no\">no</span>" + why;
    }

    static String ago(long seconds) {
        if (seconds < 60) {
            return Math.max(0, seconds) + " s ago";
        } else if (seconds < 3600) {
            return seconds / 60 + " min ago";
        } else if (seconds < 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " d ago";
    }

    private static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    /** HTML-escapes text for element content and double-quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String resource(String path) {
        try (InputStream in = StatusHtml.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
