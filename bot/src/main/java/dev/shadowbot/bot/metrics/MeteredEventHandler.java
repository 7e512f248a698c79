package dev.shadowbot.bot.metrics;

import dev.shadowbot.bot.inbox.EventHandler;
import dev.shadowbot.bot.logging.LogContext;
import dev.shadowbot.bot.store.InboxEvent;

/**
 * Wraps an inbox event handler: counts what became of each event and puts the delivery, event, repo
 * and PR into the log context of every line the handler writes.
 */
public final class MeteredEventHandler implements EventHandler {
    private final EventHandler inner;
    private final BotMetrics metrics;

    public MeteredEventHandler(EventHandler inner, BotMetrics metrics) {
        this.inner = inner;
        this.metrics = metrics;
    }

    @Override
    public Outcome handle(InboxEvent event) throws Exception {
        try (LogContext ignored = LogContext.forEvent(event.deliveryId(), event.event(), event.payload())) {
            Outcome outcome = inner.handle(event);
            metrics.webhookProcessed(event.event(), outcome == Outcome.IGNORED ? "ignored" : "done");
            return outcome;
        } catch (Exception e) {
            metrics.webhookProcessed(event.event(),
                    dev.shadowbot.bot.github.RateLimited.in(e).isPresent() ? "rate_limited" : "failed");
            throw e;
        }
    }

    @Override
    public void onParked(InboxEvent event, String error) {
        try (LogContext ignored = LogContext.forEvent(event.deliveryId(), event.event(), event.payload())) {
            inner.onParked(event, error);
        }
    }
}
