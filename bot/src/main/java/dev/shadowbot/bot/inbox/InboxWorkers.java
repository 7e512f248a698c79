package dev.shadowbot.bot.inbox;

import dev.shadowbot.bot.github.RateLimited;
import dev.shadowbot.bot.store.Inbox;
import dev.shadowbot.bot.store.InboxEvent;
import dev.shadowbot.bot.store.InboxStatus;
import dev.shadowbot.engine.ShadowbotException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that drain the inbox: claim the oldest due event, dispatch it by event name, then
 * mark it DONE / IGNORED, reschedule it with backoff, or park it once {@code maxAttempts} are used. An
 * event that hit a GitHub rate limit is rescheduled for the limit's reset without using an attempt.
 * Workers wake at once when the webhook handler stores an event and otherwise poll every second, so
 * retries and events stored by another replica are picked up too.
 */
public final class InboxWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxWorkers.class);
    private static final Duration CLAIM = Duration.ofMinutes(10);
    private static final long POLL_MS = 1000;
    private static final long HOUSEKEEPING_MS = 10_000;
    /** Wait a little past a rate limit's reset: GitHub's reset second and our clock may differ slightly. */
    private static final long RESET_MARGIN_MS = 1000;
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    private final Inbox inbox;
    private final Map<String, EventHandler> handlers;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Semaphore wake = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private final String id = "bot-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running = true;
    private volatile long lastHousekeeping;

    public InboxWorkers(Inbox inbox, Map<String, EventHandler> handlers, int maxAttempts, Backoff backoff) {
        this.inbox = inbox;
        this.handlers = Map.copyOf(handlers);
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** Event names with a handler; all others are acknowledged and stored as IGNORED. */
    public java.util.Set<String> handledEvents() {
        return handlers.keySet();
    }

    public void start(int count) {
        for (int i = 0; i < count; i++) {
            String name = id + "-w" + i;
            Thread t = new Thread(() -> loop(name), "shadowbot-" + name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Nudges idle workers: an event was just stored. */
    public void wake() {
        if (wake.availablePermits() < threads.size()) {
            wake.release();
        }
    }

    private void loop(String worker) {
        while (running) {
            try {
                housekeeping();
                Optional<InboxEvent> next = inbox.claim(worker, CLAIM);
                if (next.isPresent()) {
                    process(worker, next.get());
                } else {
                    wake.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The state database is unreachable or similar: wait a poll interval and try again.
                LOG.warn("worker={} error=\"{}\"", worker, e.getMessage());
                sleep(POLL_MS);
            }
        }
    }

    private void housekeeping() {
        long now = System.currentTimeMillis();
        if (now - lastHousekeeping < HOUSEKEEPING_MS) {
            return;
        }
        lastHousekeeping = now;
        int released = inbox.releaseExpired(maxAttempts);
        if (released > 0) {
            LOG.warn("inbox=released_expired_claims count={}", released);
        }
    }

    void process(String worker, InboxEvent event) {
        EventHandler handler = handlers.get(event.event());
        if (handler == null) {
            inbox.finish(event.deliveryId(), worker, InboxStatus.IGNORED);
            return;
        }
        long started = System.nanoTime();
        try {
            EventHandler.Outcome outcome = handler.handle(event);
            inbox.finish(event.deliveryId(), worker,
                    outcome == EventHandler.Outcome.IGNORED ? InboxStatus.IGNORED : InboxStatus.DONE);
            LOG.info("delivery={} event={} attempt={} outcome={} ms={}", event.deliveryId(), event.event(),
                    event.attempt(), outcome, (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            Optional<RateLimited> limited = RateLimited.in(e);
            if (limited.isPresent()) {
                // Never slept on: the worker and the PR lock are free at once; the event waits in the inbox.
                Duration delay = Duration.between(clock.instant(), limited.get().until()).plusMillis(RESET_MARGIN_MS);
                inbox.defer(event.deliveryId(), worker, limited.get().getMessage(), delay);
                LOG.warn("delivery={} event={} outcome=rate_limited in_ms={} error=\"{}\"", event.deliveryId(),
                        event.event(), delay.toMillis(), limited.get().getMessage());
                return;
            }
            String error = describe(e);
            boolean permanent = e instanceof PermanentFailure;
            if (permanent || event.attempt() >= maxAttempts) {
                inbox.park(event.deliveryId(), worker, error);
                LOG.error("delivery={} event={} attempt={} outcome=parked error=\"{}\"", event.deliveryId(),
                        event.event(), event.attempt(), error, e);
                try {
                    handler.onParked(event, error);
                } catch (RuntimeException again) {
                    LOG.error("delivery={} on_parked_failed=\"{}\"", event.deliveryId(), describe(again));
                }
            } else {
                Duration delay = backoff.delayAfter(event.attempt());
                inbox.retry(event.deliveryId(), worker, error, delay);
                LOG.warn("delivery={} event={} attempt={} outcome=retry in_ms={} error=\"{}\"", event.deliveryId(),
                        event.event(), event.attempt(), delay.toMillis(), error);
            }
        }
    }

    static String describe(Throwable e) {
        if (e instanceof ShadowbotException se) {
            return se.userMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        wake.release(threads.size());
        // Let a worker finish the event in hand (its claim would otherwise wait for expiry); interrupt stragglers.
        long deadline = System.currentTimeMillis() + 10_000;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
    }
}
