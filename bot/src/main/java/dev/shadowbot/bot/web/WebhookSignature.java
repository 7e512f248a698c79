package dev.shadowbot.bot.web;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Hub-Signature-256: sha256=<hex>}: HMAC-SHA256 of the raw request body (exactly the
 * bytes received, before any parsing), keyed with the webhook secret, compared in constant time.
 * Anything else — a missing header, another algorithm (the legacy {@code sha1=} header), bad hex, a
 * different digest — is rejected.
 */
public final class WebhookSignature {
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** Result of a check, with the reason for logs (never containing the secret or the expected digest). */
    public enum Verdict {
        VALID, MISSING, WRONG_ALGORITHM, MALFORMED, MISMATCH
    }

    public Verdict verify(String header, byte[] rawBody) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        String h = header.trim();
        if (!h.startsWith(PREFIX)) {
            return Verdict.WRONG_ALGORITHM;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(h.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        // isEqual is constant-time in the content; the length (32 bytes) is public anyway.
        return MessageDigest.isEqual(sign(rawBody), given) ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** The raw HMAC-SHA256 of a body. */
    public byte[] sign(byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(rawBody);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The header value GitHub would send for this body: {@code sha256=<hex>}. */
    public String header(byte[] rawBody) {
        return PREFIX + HexFormat.of().formatHex(sign(rawBody));
    }
}
