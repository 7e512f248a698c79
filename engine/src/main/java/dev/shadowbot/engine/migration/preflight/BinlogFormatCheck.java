package dev.shadowbot.engine.migration.preflight;

import java.util.Optional;

/** The change stream needs row images: binary log on, {@code binlog_format=ROW}. */
public final class BinlogFormatCheck implements PreflightCheck {
    @Override
    public String name() {
        return "binlog_format";
    }

    @Override
    public Optional<Refusal> check(PreflightInput in) {
        if (!in.settings().logBin()) {
            return Optional.of(new Refusal(name(), "the binary log is disabled (log_bin=OFF)",
                    "start the server with --log-bin and --binlog-format=ROW"));
        }
        if (!"ROW".equalsIgnoreCase(in.settings().binlogFormat())) {
            return Optional.of(new Refusal(name(), "binlog_format is " + in.settings().binlogFormat() + ", not ROW",
                    "SET GLOBAL binlog_format = 'ROW' (and in the server config), then reconnect the applications"));
        }
        return Optional.empty();
    }
}
