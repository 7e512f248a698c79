package dev.shadowbot.engine.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinlogRetentionTest {

    @Test
    void theSettingInForceIsNamedWithItsValue() {
        // MySQL 8.0 default: seconds win over the deprecated days.
        assertEquals("binlog_expire_logs_seconds=2592000 (30 d)", new BinlogRetention(2_592_000, 0).describe());
        assertEquals(Optional.of(Duration.ofDays(30)), new BinlogRetention(2_592_000, 0).duration());
        // An older configuration by days.
        assertEquals("expire_logs_days=7 (7 d)", new BinlogRetention(0, 7).describe());
        assertEquals("expire_logs_days=0.5 (12 h)", new BinlogRetention(0, 0.5).describe());
        assertEquals("binlog_expire_logs_seconds=5400 (90 min)", new BinlogRetention(5400, -1).describe());
    }

    @Test
    void zeroMeansTheServerNeverExpiresThemAndAMissingVariableIsLeftOut() {
        assertEquals(Optional.empty(), new BinlogRetention(0, 0).duration());
        assertEquals("binlog_expire_logs_seconds=0, expire_logs_days=0 (never expired by the server itself)",
                new BinlogRetention(0, 0).describe());
        // MySQL 8.4 has no expire_logs_days.
        assertEquals("binlog_expire_logs_seconds=0 (never expired by the server itself)", new BinlogRetention(0, -1).describe());
    }

    @Test
    void theAdviceNamesBothSettingsToRaise() {
        String advice = new BinlogRetention(86_400, -1).advice();
        assertTrue(advice.contains("binlog_expire_logs_seconds=86400 (1 d)"), advice);
        assertTrue(advice.contains("raise binlog_expire_logs_seconds (expire_logs_days on older servers)"), advice);
    }
}
