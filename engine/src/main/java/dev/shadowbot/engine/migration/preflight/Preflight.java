package dev.shadowbot.engine.migration.preflight;

import dev.shadowbot.engine.ErrorCode;
import dev.shadowbot.engine.ShadowbotException;
import java.util.ArrayList;
import java.util.List;

/** Runs every server-level check and refuses with all findings at once. */
public final class Preflight {
    private final List<PreflightCheck> checks;

    public Preflight(List<PreflightCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The checks that run before any deploy request: binlog, privileges, disk, leftover shadows, open revert windows. */
    public static Preflight standard() {
        return new Preflight(List.of(new BinlogFormatCheck(), new BinlogRowImageCheck(), new BinlogCompressionCheck(),
                new PrivilegesCheck(), new DiskSpaceCheck(), new LeftoverShadowCheck(), new RevertWindowCheck()));
    }

    public List<Refusal> findings(PreflightInput in) {
        List<Refusal> out = new ArrayList<>();
        for (PreflightCheck c : checks) {
            c.check(in).ifPresent(out::add);
        }
        return out;
    }

    /** Throws a BLOCKED error listing every refusal; does nothing when all checks pass. */
    public void enforce(PreflightInput in) {
        List<Refusal> refusals = findings(in);
        if (refusals.isEmpty()) {
            return;
        }
        throw refusal(refusals);
    }

    public static ShadowbotException refusal(List<Refusal> refusals) {
        List<String> messages = refusals.stream().map(r -> r.check() + ": " + r.message()).toList();
        List<String> fixes = refusals.stream().map(Refusal::fix).toList();
        return new ShadowbotException(ErrorCode.BLOCKED, "preflight refused: " + String.join("; ", messages),
                String.join("; ", fixes));
    }
}
