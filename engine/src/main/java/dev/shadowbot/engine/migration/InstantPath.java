package dev.shadowbot.engine.migration;

import dev.shadowbot.engine.ShadowbotException;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.instant.InstantPlan;
import dev.shadowbot.engine.instant.InstantProbe;
import dev.shadowbot.engine.instant.TableVerdict;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Where a deploy request's path is decided (at start) and read back (for status). */
final class InstantPath {
    private InstantPath() {
    }

    /** The spec with the server's decision; a spec without a policy is unchanged (the copy path). */
    static DeploySpec decide(DatabaseUrl url, ServerInfo info, DeploySpec spec) {
        if (spec.instant() == null) {
            return spec;
        }
        List<InstantProbe.Change> changes = spec.alters().stream()
                .map(t -> new InstantProbe.Change(t.table(), t.alterClauses())).toList();
        try (Connection c = Connections.open(url.withDatabase(""))) {
            return spec.withInstantPlan(InstantProbe.decide(c, info, spec.schema(), changes, !spec.drops().isEmpty(),
                    spec.instantPolicy()));
        } catch (SQLException e) {
            throw ShadowbotException.database("the instant probe failed: " + e.getMessage(),
                    "check that the user may create and drop schemas named _shadowbot_ws_*, or deploy with instant: never",
                    e);
        }
    }

    /** {@code instant} or {@code copy}. */
    static String path(DeploySpec spec) {
        return spec.takesInstantPath() ? InstantPlan.INSTANT : InstantPlan.COPY;
    }

    /** Per table, the path and why; then what a revert loses. Empty for a spec without a decision. */
    static List<String> notes(DeploySpec spec) {
        InstantPlan p = spec.instantPlan();
        if (p == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(p.path() + ": " + p.reason());
        for (TableVerdict t : p.tables()) {
            out.add(t.table() + ": " + t.path() + " (" + t.reason() + ")");
        }
        out.addAll(p.revertLosses());
        return out;
    }
}
