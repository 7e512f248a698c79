package dev.shadowbot.bot.github;

import dev.shadowbot.engine.ShadowbotException;
import io.jsonwebtoken.Jwts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Signs the GitHub App's JSON Web Token (RS256, issuer = App id, valid 9 minutes, issued 60 s in the
 * past to absorb clock skew — GitHub refuses tokens longer than 10 minutes). Reads the private key
 * GitHub hands out ({@code BEGIN RSA PRIVATE KEY}, PKCS#1) as well as PKCS#8 ({@code BEGIN PRIVATE KEY}).
 */
public final class AppJwt {
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Duration LIFETIME = Duration.ofMinutes(9);

    private final long appId;
    private final PrivateKey key;
    private final Clock clock;

    public AppJwt(long appId, PrivateKey key, Clock clock) {
        this.appId = appId;
        this.key = key;
        this.clock = clock;
    }

    public static AppJwt fromPemFile(long appId, Path pemFile, Clock clock) {
        try {
            return new AppJwt(appId, readPrivateKey(Files.readString(pemFile, StandardCharsets.US_ASCII)), clock);
        } catch (IOException e) {
            throw ShadowbotException.badInput("cannot read the GitHub App private key file " + pemFile,
                    "download the key from the App's settings page and point SHADOWBOT_PRIVATE_KEY_FILE at it");
        }
    }

    /** The App's id (the JWT's issuer). */
    public long appId() {
        return appId;
    }

    /** A fresh JWT for the App API ({@code /app/...}). */
    public String create() {
        Instant now = clock.instant();
        return Jwts.builder()
                .issuer(Long.toString(appId))
                .issuedAt(Date.from(now.minus(SKEW)))
                .expiration(Date.from(now.plus(LIFETIME)))
                .signWith(key, Jwts.SIG.RS256)
                .compact();
    }

    /** Parses a PEM RSA private key in PKCS#1 or PKCS#8 form. Errors never echo key material. */
    public static PrivateKey readPrivateKey(String pem) {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !pem.contains("BEGIN PRIVATE KEY")) {
            throw ShadowbotException.badInput("the GitHub App private key is not a PEM RSA private key",
                    "use the .pem file GitHub generated for the App");
        }
        String b64 = pem.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw ShadowbotException.badInput("the GitHub App private key cannot be decoded",
                    "use the .pem file GitHub generated for the App, unmodified");
        }
    }

    /** PKCS#8 = SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(octets);
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write((len >> 8) & 0xff);
            out.write(len & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
