package dev.shadowbot.bot.web;

import dev.shadowbot.bot.store.Inbox;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhook}: size cap → signature → headers → durable inbox → 202. The handler does no
 * GitHub or planning work; workers pick the event up from the inbox. Nothing is stored unless the
 * signature is valid.
 */
public final class WebhookHandler {
    /** GitHub caps webhook payloads at 25 MB. */
    public static final int MAX_BODY_BYTES = 25 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");
    private static final Pattern EVENT = Pattern.compile("[a-z_]{1,64}");

    private final WebhookSignature signature;
    private final Inbox inbox;
    private final Predicate<String> handledEvents;
    private final Runnable wakeWorkers;

    public WebhookHandler(WebhookSignature signature, Inbox inbox, Set<String> handledEvents, Runnable wakeWorkers) {
        this.signature = signature;
        this.inbox = inbox;
        this.handledEvents = handledEvents::contains;
        this.wakeWorkers = wakeWorkers;
    }

    public void handle(Context ctx) throws IOException {
        long t0 = System.nanoTime();
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            reject(ctx, 413, "body of " + declared + " bytes is over GitHub's 25 MB webhook cap", null);
            return;
        }
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // GitHub can be told to send form-encoded payloads; the bot reads JSON only.
            reject(ctx, 415, "content type must be application/json: set the webhook's content type to application/json",
                    null);
            return;
        }
        byte[] body = readAtMost(ctx.req().getInputStream(), MAX_BODY_BYTES);
        if (body == null) {
            reject(ctx, 413, "body is over GitHub's 25 MB webhook cap", null);
            return;
        }
        String delivery = ctx.header("X-GitHub-Delivery");
        WebhookSignature.Verdict verdict = signature.verify(ctx.header("X-Hub-Signature-256"), body);
        if (verdict != WebhookSignature.Verdict.VALID) {
            reject(ctx, 401, "signature " + verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    delivery);
            return;
        }
        String event = ctx.header("X-GitHub-Event");
        if (delivery == null || !DELIVERY_ID.matcher(delivery).matches()) {
            reject(ctx, 400, "missing or malformed X-GitHub-Delivery header", null);
            return;
        }
        if (event == null || !EVENT.matcher(event).matches()) {
            reject(ctx, 400, "missing or malformed X-GitHub-Event header", delivery);
            return;
        }
        boolean handled = handledEvents.test(event);
        long t1 = System.nanoTime();
        boolean fresh = inbox.accept(delivery, event, body, handled);
        long t2 = System.nanoTime();
        String outcome = !fresh ? "duplicate" : handled ? "queued" : "ignored";
        if (fresh && handled) {
            wakeWorkers.run();
        }
        LOG.info("webhook=accepted delivery={} event={} bytes={} outcome={} read_verify_us={} store_us={}", delivery,
                event, body.length, outcome, (t1 - t0) / 1000, (t2 - t1) / 1000);
        ctx.status(202).contentType("application/json")
                .result("{\"delivery\":\"" + delivery + "\",\"outcome\":\"" + outcome + "\"}");
    }

    private static void reject(Context ctx, int status, String reason, String delivery) {
        // The delivery id is only echoed after validation elsewhere; here it is logged, sanitised.
        String id = delivery == null ? "-" : delivery.replaceAll("[^A-Za-z0-9-]", "?");
        LOG.warn("webhook=rejected status={} delivery={} reason=\"{}\"", status, id, reason);
        ctx.status(status).contentType("application/json").result("{\"error\":\"" + reason + "\"}");
    }

    /** Reads the whole stream, or returns null as soon as it exceeds {@code max} bytes. */
    static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
