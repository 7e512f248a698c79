package dev.shadowbot.bot.web;

import dev.shadowbot.bot.metrics.BotMetrics;
import dev.shadowbot.bot.metrics.StateGauges;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator endpoints next to the webhook: {@code GET /readyz}, {@code GET /metrics}, the status page
 * ({@code GET /}, {@code GET /status.css}), and the counters around {@code POST /webhook} (received
 * before any check; accepted or refused from the answer, so the webhook handler itself stays untouched).
 */
public final class OpsRoutes implements Consumer<RoutesConfig> {
    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([a-z]+)\"");

    private final BotMetrics metrics;
    private final StateGauges gauges;
    private final Readiness readiness;
    private final StatusPage statusPage;

    public OpsRoutes(BotMetrics metrics, StateGauges gauges, Readiness readiness, StatusPage statusPage) {
        this.metrics = metrics;
        this.gauges = gauges;
        this.readiness = readiness;
        this.statusPage = statusPage;
    }

    @Override
    public void accept(RoutesConfig routes) {
        routes.before("/webhook", ctx -> {
            if (ctx.method() == HandlerType.POST) {
                metrics.webhookReceived();
            }
        });
        routes.after("/webhook", ctx -> {
            if (ctx.method() != HandlerType.POST) {
                return;
            }
            int status = ctx.status().getCode();
            if (status == 202) {
                String body = ctx.result();
                Matcher m = OUTCOME.matcher(body == null ? "" : body);
                metrics.webhookAccepted(m.find() ? m.group(1) : null);
            } else {
                metrics.webhookRefused(status);
            }
        });
        routes.get("/readyz", readiness::handle);
        routes.get("/metrics", ctx -> {
            gauges.refresh();
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").header("Cache-Control", "no-store")
                    .result(metrics.scrape());
        });
        routes.get("/", statusPage::handle);
        routes.get("/status.css", statusPage::css);
        routes.post("/parked/{delivery}/retry", statusPage::retry);
    }
}
