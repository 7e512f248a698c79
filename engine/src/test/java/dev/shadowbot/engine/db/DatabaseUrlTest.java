package dev.shadowbot.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void parsesMysqlScheme() {
        DatabaseUrl u = DatabaseUrl.parse("mysql://app:s3cret@db.example.com:3307/shop");
        assertEquals("db.example.com", u.host());
        assertEquals(3307, u.port());
        assertEquals("app", u.user());
        assertEquals("s3cret", u.password());
        assertEquals("shop", u.database());
        assertEquals("jdbc:mysql://db.example.com:3307/shop", u.jdbcUrl());
    }

    @Test
    void parsesJdbcFormsWithQueryCredentials() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:mariadb://127.0.0.1/app?user=root&password=p%40ss&sslMode=DISABLED");
        assertEquals(3306, u.port());
        assertEquals("root", u.user());
        assertEquals("p@ss", u.password());
        assertEquals("DISABLED", u.driverProperties().getProperty("sslMode"));
        assertEquals("p@ss", u.driverProperties().getProperty("password"));
    }

    @Test
    void oddPasswordsSurviveDecoding() {
        DatabaseUrl u = DatabaseUrl.parse("mysql://root:a%2Fb%3Ac%40d+e@localhost:3306/");
        assertEquals("a/b:c@d+e", u.password());
        assertEquals("", u.database());
        // '@' inside an unescaped password: the last '@' separates the host.
        assertEquals("x@y", DatabaseUrl.parse("mysql://root:x@y@h/db").password());
    }

    @Test
    void ipv6Host() {
        DatabaseUrl u = DatabaseUrl.parse("mysql://root@[::1]:3310/");
        assertEquals("::1", u.host());
        assertEquals(3310, u.port());
        assertEquals("jdbc:mysql://[::1]:3310/", u.jdbcUrl());
    }

    @Test
    void toStringHidesPassword() {
        String shown = DatabaseUrl.parse("mysql://root:topsecret@h:1/d").toString();
        assertFalse(shown.contains("topsecret"), shown);
        assertTrue(shown.contains("***"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost:3306", "postgres://h/db", "mysql://h:notaport/db", "mysql://h:70000/",
        "mysql:///db", "mysql://h/a/b"})
    void badUrlsAreBadInputWithAHint(String bad) {
        ShadowbotException e = assertThrows(ShadowbotException.class, () -> DatabaseUrl.parse(bad));
        assertEquals(ErrorCode.BAD_INPUT, e.code());
        assertTrue(e.nextStep().contains("mysql://"), e.nextStep());
    }

    @Test
    void badUrlMessageNeverEchoesThePassword() {
        ShadowbotException e = assertThrows(ShadowbotException.class,
                () -> DatabaseUrl.parse("mysql://u:hunter2@h:99999/db"));
        assertFalse(e.getMessage().contains("hunter2"));
    }
}
