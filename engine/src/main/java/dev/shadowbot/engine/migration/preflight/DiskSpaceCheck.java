package dev.shadowbot.engine.migration.preflight;

import java.util.Optional;

/**
 * The shadows need about as much space as the live tables (data + indexes from information_schema)
 * plus 10 %. Checked when shadowbot can see the server's data directory (same machine); otherwise it
 * cannot know and passes.
 */
public final class DiskSpaceCheck implements PreflightCheck {
    @Override
    public String name() {
        return "disk_space";
    }

    @Override
    public Optional<Refusal> check(PreflightInput in) {
        long needed = in.requiredBytes() + in.requiredBytes() / 10;
        if (in.freeBytes().isPresent() && in.freeBytes().getAsLong() < needed) {
            return Optional.of(new Refusal(name(), "the shadow tables need about " + mib(needed) + " MiB but only "
                    + mib(in.freeBytes().getAsLong()) + " MiB are free in " + in.settings().datadir(),
                    "free disk space on the database server, or deploy fewer tables at once"));
        }
        return Optional.empty();
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
