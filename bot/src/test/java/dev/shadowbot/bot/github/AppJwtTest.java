package dev.shadowbot.bot.github;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AppJwtTest {
    @Test
    void signsAnRs256TokenWithTheAppIdAndANineMinuteLifetime() throws Exception {
        KeyPair kp = rsa();
        Instant now = Instant.parse("2026-11-21T06:00:00Z");
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        AppJwt jwt = new AppJwt(4242, AppJwt.readPrivateKey(pem), Clock.fixed(now, ZoneOffset.UTC));
        Claims c = Jwts.parser().verifyWith(kp.getPublic()).clock(() -> java.util.Date.from(now)).build()
                .parseSignedClaims(jwt.create()).getPayload();
        assertEquals("4242", c.getIssuer());
        assertEquals(now.minusSeconds(60), c.getIssuedAt().toInstant());
        assertEquals(now.plus(Duration.ofMinutes(9)), c.getExpiration().toInstant());
    }

    @Test
    void readsThePkcs1KeysGitHubHandsOut() throws Exception {
        KeyPair kp = rsa();
        byte[] pkcs8 = kp.getPrivate().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        assertArrayEquals(pkcs8, AppJwt.wrapPkcs1(pkcs1));
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
        assertEquals(kp.getPrivate(), AppJwt.readPrivateKey(pem));
    }

    @Test
    void aBrokenKeyIsABadInputErrorThatEchoesNoKeyMaterial() {
        ShadowbotException e = assertThrows(ShadowbotException.class,
                () -> AppJwt.readPrivateKey("-----BEGIN RSA PRIVATE KEY-----\nSECRETSTUFF!!\n-----END RSA PRIVATE KEY-----"));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(!e.userMessage().contains("SECRETSTUFF"));
        assertThrows(ShadowbotException.class, () -> AppJwt.readPrivateKey("ssh-rsa AAAA"));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
