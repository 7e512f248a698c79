package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.migration.preflight.Preflight;
import dev.shadowbot.engine.migration.preflight.PreflightInput;
import dev.shadowbot.engine.migration.preflight.Refusal;
import dev.shadowbot.engine.migration.preflight.TriggersCheck;
import dev.shadowbot.engine.migration.preflight.ServerSettings;
import dev.shadowbot.engine.table.TableInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/** Gathers what the server-level checks need and enforces them; nothing is written. */
final class PreflightPhase {
    private PreflightPhase() {
    }

    static void run(Connection c, ServerInfo info, DeploySpec spec, String host, Preflight preflight) {
        try {
            ServerSettings settings = ServerSettings.read(c, info);
            List<String> tables = spec.alters().stream().map(TableSpec::table).toList();
            Set<String> existing = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(ShadowSql.TABLES_IN_SCHEMA)) {
                ps.setString(1, spec.schema());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        existing.add(rs.getString(1));
                    }
                }
            }
            long bytes = 0;
            for (String t : tables) {
                if (!existing.contains(t)) {
                    throw ShadowbotException.badInput("table " + spec.schema() + "." + t + " does not exist",
                            "deploy its CREATE TABLE first, or fix the name");
                }
                bytes += TableInspector.estimate(c, spec.schema(), t)[1];
            }
            for (String d : spec.drops()) {
                if (!existing.contains(d)) {
                    throw ShadowbotException.badInput("table " + spec.schema() + "." + d + " is to be dropped but does"
                            + " not exist", "re-plan against the current database");
                }
            }
            List<Refusal> refusals = new ArrayList<>(preflight.findings(new PreflightInput(settings, spec.schema(), 0,
                    tables, existing, bytes, freeBytes(host, settings.datadir()))));
            TriggersCheck.check(c, spec.schema(), tables).ifPresent(refusals::add);
            if (!refusals.isEmpty()) {
                throw Preflight.refusal(refusals);
            }
            // What the cutover will need, checked now rather than after the copy.
            dev.shadowbot.engine.cutover.SentryCutover.requireSupported(c, info, tables.size() + spec.drops().size());
        } catch (SQLException e) {
            throw ShadowbotException.database("preflight could not read the server's settings: " + e.getMessage(),
                    "grant the user SELECT on the schema and REPLICATION CLIENT", e);
        }
    }

    /** Free space of the data directory when the server runs on this machine; unknown otherwise. */
    static OptionalLong freeBytes(String host, String datadir) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean local = h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1");
        if (!local || datadir == null) {
            return OptionalLong.empty();
        }
        try {
            Path p = Path.of(datadir);
            return Files.isDirectory(p) ? OptionalLong.of(Files.getFileStore(p).getUsableSpace()) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
