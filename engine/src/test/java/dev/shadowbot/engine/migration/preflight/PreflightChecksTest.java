package dev.shadowbot.engine.migration.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Flavor;
import dev.shadowbot.engine.db.ServerInfo;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each check refuses the wrong value with the value found and the fix; fed values, not a shared server's globals. */
class PreflightChecksTest {
    private static final ServerInfo MYSQL = new ServerInfo(Flavor.MYSQL, "8.0.31", 8, 0, 31);
    private static final ServerInfo MARIADB = new ServerInfo(Flavor.MARIADB, "11.4.5-MariaDB", 11, 4, 5);
    private static final List<String> ROOT = List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`%` WITH GRANT OPTION");

    private static PreflightInput input(ServerSettings s) {
        return new PreflightInput(s, "app", 0, List.of("orders"), Set.of("orders"), 1 << 20, OptionalLong.empty());
    }

    private static ServerSettings settings(boolean logBin, String format, String image, String compression,
                                           List<String> grants) {
        return new ServerSettings(MYSQL, logBin, format, image, compression, grants, "/var/lib/mysql/");
    }

    @Test
    void goodSettingsPass() {
        assertEquals(List.of(), Preflight.standard().findings(input(settings(true, "ROW", "FULL", "", ROOT))));
    }

    @Test
    void binlogFormatAndLogBin() {
        Optional<Refusal> r = new BinlogFormatCheck().check(input(settings(true, "STATEMENT", "FULL", "", ROOT)));
        assertEquals("binlog_format is STATEMENT, not ROW", r.orElseThrow().message());
        assertTrue(r.get().fix().contains("binlog_format = 'ROW'"));
        Optional<Refusal> off = new BinlogFormatCheck().check(input(settings(false, "ROW", "FULL", "", ROOT)));
        assertTrue(off.orElseThrow().message().contains("log_bin=OFF"));
    }

    @Test
    void rowImageAndCompression() {
        assertEquals("binlog_row_image is MINIMAL, not FULL", new BinlogRowImageCheck()
                .check(input(settings(true, "ROW", "MINIMAL", "", ROOT))).orElseThrow().message());
        Refusal c = new BinlogCompressionCheck()
                .check(input(settings(true, "ROW", "FULL", "binlog_transaction_compression=ON", ROOT))).orElseThrow();
        assertEquals("SET GLOBAL binlog_transaction_compression = OFF (and in the server config)", c.fix());
    }

    @Test
    void privilegesNamesWhatIsMissing() {
        List<String> grants = List.of("GRANT USAGE ON *.* TO `u`@`%`",
                "GRANT SELECT, INSERT, DELETE, CREATE, DROP ON `app`.* TO `u`@`%`",
                "GRANT REPLICATION SLAVE ON *.* TO `u`@`%`");
        Refusal r = new PrivilegesCheck().check(input(settings(true, "ROW", "FULL", "", grants))).orElseThrow();
        assertEquals("the database user lacks REPLICATION CLIENT ON *.*, ALTER ON `app`.*, LOCK TABLES ON `app`.*",
                r.message());
    }

    @Test
    void privilegesAcceptMariaDbNamesAndSchemaWildcards() {
        List<String> grants = List.of("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `u`@`%`",
                "GRANT ALL PRIVILEGES ON `a%`.* TO `u`@`%`");
        ServerSettings s = new ServerSettings(MARIADB, true, "ROW", "FULL", "", grants, "/d");
        assertEquals(Optional.empty(), new PrivilegesCheck().check(input(s)));
        assertTrue(PrivilegesCheck.schemaMatches("`ap\\_%`.*", "ap_x"));
        assertTrue(!PrivilegesCheck.schemaMatches("`ap\\_%`.*", "apx"));
    }

    @Test
    void diskSpaceRefusesWhenKnownAndShort() {
        ServerSettings s = settings(true, "ROW", "FULL", "", ROOT);
        PreflightInput small = new PreflightInput(s, "app", 0, List.of("t"), Set.of("t"), 100L << 20, OptionalLong.of(50L << 20));
        Refusal r = new DiskSpaceCheck().check(small).orElseThrow();
        assertEquals("the shadow tables need about 110 MiB but only 50 MiB are free in /var/lib/mysql/", r.message());
        PreflightInput unknown = new PreflightInput(s, "app", 0, List.of("t"), Set.of("t"), 100L << 20, OptionalLong.empty());
        assertEquals(Optional.empty(), new DiskSpaceCheck().check(unknown));
    }

    @Test
    void leftoverShadowOfAnotherRequest() {
        ServerSettings s = settings(true, "ROW", "FULL", "", ROOT);
        PreflightInput in = new PreflightInput(s, "app", 0, List.of("orders"), Set.of("orders", "orders_shadowbot_7_new"),
                0, OptionalLong.empty());
        Refusal r = new LeftoverShadowCheck().check(in).orElseThrow();
        assertTrue(r.message().contains("orders_shadowbot_7_new"), r.message());
    }

    @Test
    void enforceListsEveryRefusalAsBlocked() {
        ShadowbotException e = assertThrows(ShadowbotException.class, () -> Preflight.standard()
                .enforce(input(settings(true, "MIXED", "NOBLOB", "", ROOT))));
        assertEquals(ErrorCode.BLOCKED, e.code());
        assertEquals("preflight refused: binlog_format: binlog_format is MIXED, not ROW; "
                + "binlog_row_image: binlog_row_image is NOBLOB, not FULL", e.getMessage());
    }
}
