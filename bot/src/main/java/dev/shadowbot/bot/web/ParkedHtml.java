package dev.shadowbot.bot.web;

import static dev.shadowbot.bot.web.StatusHtml.esc;

import dev.shadowbot.bot.store.Inbox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The status page's list of parked events, each with a Retry button ({@code POST /parked/{delivery}/retry}). */
final class ParkedHtml {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ParkedHtml() {
    }

    static String render(List<Inbox.Parked> parked, String queryToken, String webUrl) {
        if (parked.isEmpty()) {
            return "<p class=\"empty\" id=\"parked\">No parked event.</p>";
        }
        String query = queryToken == null ? "" : "?token=" + URLEncoder.encode(queryToken, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder("<table class=\"parked\" id=\"parked\"><thead><tr><th>Parked event</th>"
                + "<th>Pull request</th><th>Attempts</th><th>Last error</th><th>Parked at</th><th></th></tr></thead>"
                + "<tbody>");
        for (Inbox.Parked p : parked) {
            String error = p.lastError() == null ? "" : p.lastError();
            b.append("<tr><td><code>").append(esc(p.deliveryId())).append("</code><br>").append(esc(p.event()))
                    .append("</td><td>");
            if (p.number() > 0 && p.repo().matches("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}")) {
                b.append("<a href=\"").append(esc(webUrl + "/" + p.repo() + "/pull/" + p.number())).append("\">")
                        .append(esc(p.repo())).append('#').append(p.number()).append("</a>");
            }
            b.append("</td><td>").append(p.attempts()).append("</td><td>")
                    .append(esc(error.length() > 300 ? error.substring(0, 300) + "…" : error)).append("</td><td>")
                    .append(p.parkedAt() == null ? "" : esc(UTC.format(p.parkedAt()))).append("</td><td>");
            String action = "/parked/" + URLEncoder.encode(p.deliveryId(), StandardCharsets.UTF_8) + "/retry";
            if (queryToken != null) {
                b.append("<form method=\"post\" action=\"").append(esc(action + query))
                        .append("\"><button type=\"submit\">Retry</button></form>");
            } else {
                b.append("<code>POST ").append(esc(action)).append("</code>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table><p class=\"muted\">A retry makes the event due again with fresh attempts; ")
                .append("<code>/plan</code> on the pull request re-plans it too.</p>");
        return b.toString();
    }
}
