package dev.shadowbot.bot.web;

import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.github.RateLimits;
import dev.shadowbot.bot.store.DeployRequestStatus;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.engine.ShadowbotException;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /}: the read-only status page, and {@code GET /status.css}, its style sheet. The page
 * requires the configured token (constant-time compare, see {@link AccessToken}); without a configured
 * token it stays locked, and {@code SHADOWBOT_STATUS_PAGE=off} turns it off. Responses forbid scripts,
 * framing, caching and referrers (the token may be in the URL).
 */
public final class StatusPage {
    static final String CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private static final String CSS = StatusHtml.resource("/status/status.css");

    private final OpsSettings settings;
    private final AccessToken token;
    private final Supplier<List<DeployRequestStatus>> statuses;
    private final StatusHtml html;
    private final boolean trialMode;
    private final Clock clock;
    private final Supplier<List<RateLimits.Wait>> waits;
    private Inbox inbox;

    public StatusPage(OpsSettings settings, Supplier<List<DeployRequestStatus>> statuses, StatusHtml html,
                      boolean trialMode, Clock clock) {
        this(settings, statuses, html, trialMode, clock, List::of);
    }

    /** With the GitHub rate-limit waits to show. */
    public StatusPage(OpsSettings settings, Supplier<List<DeployRequestStatus>> statuses, StatusHtml html,
                      boolean trialMode, Clock clock, Supplier<List<RateLimits.Wait>> waits) {
        this.waits = waits;
        this.settings = settings;
        this.token = settings.statusToken().map(AccessToken::new).orElse(null);
        this.statuses = statuses;
        this.html = html;
        this.trialMode = trialMode;
        this.clock = clock;
    }

    /** Parked events are listed, and can be retried, through this inbox. */
    public StatusPage withInbox(Inbox parkedEvents) {
        this.inbox = parkedEvents;
        return this;
    }

    /**
     * {@code POST /parked/{delivery}/retry}: makes a parked event due again with fresh attempts. Needs the
     * status page's token like the page itself; answers plain text (the page has no scripts).
     */
    public void retry(Context ctx) {
        if (!allowed(ctx)) {
            return;
        }
        String delivery = ctx.pathParam("delivery");
        boolean done = inbox != null && inbox.requeue(delivery);
        LOG.info("status_page=retry delivery={} requeued={}", delivery, done);
        ctx.status(done ? 200 : 409).contentType("text/plain; charset=utf-8").result(done
                ? "Delivery " + delivery + " is due again; a worker takes it within seconds. Back to the status page.\n"
                : "Delivery " + delivery + " is not parked (already retried, or unknown).\n");
    }

    private boolean allowed(Context ctx) {
        secure(ctx);
        if (!settings.statusPageEnabled() || token == null || !token.allows(ctx)) {
            ctx.status(!settings.statusPageEnabled() ? 404 : token == null ? 403 : 401)
                    .contentType("text/plain; charset=utf-8").result("The status page's token is needed.\n");
            return false;
        }
        return true;
    }

    public void handle(Context ctx) {
        secure(ctx);
        if (!settings.statusPageEnabled()) {
            ctx.status(404).contentType("text/plain; charset=utf-8")
                    .result("The status page is turned off (SHADOWBOT_STATUS_PAGE=off).\n");
            return;
        }
        if (token == null) {
            ctx.status(403).contentType("text/plain; charset=utf-8")
                    .result("The status page is locked: set SHADOWBOT_STATUS_TOKEN (or SHADOWBOT_STATUS_TOKEN_FILE) "
                            + "on the bot, then open /?token=… or send Authorization: Bearer ….\n");
            return;
        }
        if (!token.allows(ctx)) {
            ctx.status(401).header("WWW-Authenticate", "Bearer realm=\"shadowbot status\"")
                    .contentType("text/plain; charset=utf-8")
                    .result("The status page needs its token: /?token=… or Authorization: Bearer ….\n");
            return;
        }
        List<DeployRequestStatus> rows;
        try {
            rows = statuses.get();
        } catch (ShadowbotException e) {
            LOG.warn("status_page=unavailable error=\"{}\"", e.getMessage());
            ctx.status(503).contentType("text/plain; charset=utf-8")
                    .result("The state database does not answer; see /readyz and the bot's log.\n");
            return;
        }
        ctx.status(200).contentType("text/html; charset=utf-8").result(html.render(rows, trialMode, clock.instant(), waits.get(),
                inbox == null ? List.of() : inbox.parked(50), ctx.queryParam("token") != null ? ctx.queryParam("token") : null));
    }

    public void css(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff").header("Cache-Control", "max-age=300")
                .contentType("text/css; charset=utf-8").result(CSS);
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }
}
