package dev.shadowbot.bot.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    @Test
    void masksRegisteredSecretsPrivateKeysAndUrlPasswords() {
        SecretMasker.register("registered-secret-42", "", null, "abc");
        assertEquals("x **** y", SecretMasker.maskText("x registered-secret-42 y"));
        assertEquals("abc stays", SecretMasker.maskText("abc stays"), "too short to be a secret");
        assertEquals("key ****", SecretMasker.maskText(
                "key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"));
        assertEquals("url mysql://bot:****@db:3306/app ok",
                SecretMasker.maskText("url mysql://bot:hunter2@db:3306/app ok"));
        assertEquals("jdbc:mariadb://db:3306/app", SecretMasker.maskText("jdbc:mariadb://db:3306/app"));
        assertNull(new SecretMasker().mask(null, 42), "non-strings untouched");
    }
}
