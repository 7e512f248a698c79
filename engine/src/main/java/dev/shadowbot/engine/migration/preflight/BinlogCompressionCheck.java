package dev.shadowbot.engine.migration.preflight;

import java.util.Optional;

/** Compressed binlog events (MySQL binlog_transaction_compression, MariaDB log_bin_compress) are not read. */
public final class BinlogCompressionCheck implements PreflightCheck {
    @Override
    public String name() {
        return "binlog_compression";
    }

    @Override
    public Optional<Refusal> check(PreflightInput in) {
        String c = in.settings().compression();
        if (c != null && !c.isEmpty()) {
            String var = c.substring(0, c.indexOf('='));
            return Optional.of(new Refusal(name(), "binlog compression is on (" + c + ")",
                    "SET GLOBAL " + var + " = OFF (and in the server config)"));
        }
        return Optional.empty();
    }
}
