package dev.shadowbot.bot;

import dev.shadowbot.bot.config.BotConfig;
import dev.shadowbot.bot.config.OpsSettings;
import dev.shadowbot.bot.github.RateLimits;
import dev.shadowbot.bot.inbox.EventHandler;
import dev.shadowbot.bot.logging.SecretMasker;
import dev.shadowbot.bot.metrics.BotMetrics;
import dev.shadowbot.bot.metrics.MeteredEventHandler;
import dev.shadowbot.bot.metrics.StateGauges;
import dev.shadowbot.bot.store.StateStore;
import dev.shadowbot.bot.web.OpsRoutes;
import dev.shadowbot.bot.web.Readiness;
import dev.shadowbot.bot.web.StatusHtml;
import dev.shadowbot.bot.web.StatusPage;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wiring of what operators see — metrics, readiness, status page, log masking — kept out of
 * {@link BotServer} so the server's own wiring stays readable.
 */
final class Ops implements AutoCloseable {
    private final BotMetrics metrics;
    private final Readiness readiness;
    private final OpsRoutes routes;

    private Ops(BotMetrics metrics, Readiness readiness, OpsRoutes routes) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.routes = routes;
    }

    /** Tells the log masker every secret the bot holds, before anything is logged. */
    static void registerSecrets(BotConfig config, OpsSettings ops) {
        SecretMasker.register(config.webhookSecret());
        ops.statusToken().ifPresent(SecretMasker::register);
        config.stateDbUrl().map(DatabaseUrl::password).ifPresent(SecretMasker::register);
        config.databases().values().forEach(u -> SecretMasker.register(u.password()));
    }

    static Map<String, EventHandler> metered(Map<String, EventHandler> handlers, BotMetrics metrics) {
        Map<String, EventHandler> out = new LinkedHashMap<>();
        handlers.forEach((event, h) -> out.put(event, new MeteredEventHandler(h, metrics)));
        return out;
    }

    static Ops create(BotConfig config, OpsSettings settings, StateStore store, BotMetrics metrics, boolean trialMode,
                      RateLimits limits) {
        StateGauges gauges = new StateGauges(metrics.registry(), store.progress(), store.health(),
                config.databases().keySet());
        Readiness readiness = new Readiness(store.health()::ping, config.githubApiUrl());
        StatusPage page = new StatusPage(settings, store.progress()::statuses, new StatusHtml(config.githubApiUrl()),
                trialMode, Clock.systemUTC(), limits::active).withInbox(store.inbox());
        return new Ops(metrics, readiness, new OpsRoutes(metrics, gauges, readiness, page));
    }

    OpsRoutes routes() {
        return routes;
    }

    BotMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        readiness.close();
    }
}
