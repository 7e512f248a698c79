package dev.shadowbot.engine.migration.preflight;

import java.util.Optional;

/** Applying by full row image needs {@code binlog_row_image=FULL}. */
public final class BinlogRowImageCheck implements PreflightCheck {
    @Override
    public String name() {
        return "binlog_row_image";
    }

    @Override
    public Optional<Refusal> check(PreflightInput in) {
        if (!"FULL".equalsIgnoreCase(in.settings().binlogRowImage())) {
            return Optional.of(new Refusal(name(), "binlog_row_image is " + in.settings().binlogRowImage() + ", not FULL",
                    "SET GLOBAL binlog_row_image = 'FULL' (and in the server config)"));
        }
        return Optional.empty();
    }
}
