package dev.shadowbot.bot.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A bearer token compared in constant time: both sides are hashed with SHA-256 first, so neither the
 * content nor the length of the expected token leaks through timing. Accepted as
 * {@code Authorization: Bearer TOKEN} or {@code ?token=TOKEN}.
 */
public final class AccessToken {
    private final byte[] expectedHash;

    public AccessToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("empty token");
        }
        this.expectedHash = sha256(token);
    }

    /** True when the request carries the token in its Authorization header or its query. */
    public boolean allows(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).strip();
        } else {
            presented = ctx.queryParam("token");
        }
        return matches(presented);
    }

    public boolean matches(String presented) {
        // Hash even a missing token, so a request without one takes as long as one with a wrong one.
        return MessageDigest.isEqual(expectedHash, sha256(presented == null ? "" : presented))
                && presented != null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
