package dev.shadowbot.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.db.ServerInfo;
import dev.shadowbot.engine.instant.InstantPlan;
import dev.shadowbot.engine.instant.InstantPolicy;
import dev.shadowbot.engine.instant.InstantProbe;
import dev.shadowbot.engine.schema.Plan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The plan's "path" section: per altered table, whether the target server would change it in place
 * (instant) or through a shadow copy, and why, as {@code deploy} would decide it now; plus what a revert of
 * the instant path loses. Asked of the live target only (an embedded throw-away server says nothing).
 */
final class InstantSection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InstantSection() {
    }

    /** The decision, or null when there is nothing to decide or the probe could not run (the lines say why). */
    static InstantPlan probe(DatabaseUrl url, Plan plan, InstantPolicy policy, List<String> whyNot) {
        if (plan.changes().stream().noneMatch(c -> c.kind() == dev.shadowbot.engine.schema.ChangeKind.ALTER)) {
            return null;
        }
        try (Connection c = Connections.open(url.withDatabase(""))) {
            return InstantProbe.forPlan(c, ServerInfo.detect(c), plan, policy);
        } catch (SQLException | RuntimeException e) {
            whyNot.add("path: not decided (the instant probe failed: " + e.getMessage() + ")");
            return null;
        }
    }

    static List<String> lines(InstantPlan p) {
        return p.summary();
    }

    static String text(InstantPlan p, List<String> whyNot) {
        List<String> l = p == null ? whyNot : lines(p);
        return l.isEmpty() ? "" : "\n" + String.join("\n", l) + "\n";
    }

    static String markdown(InstantPlan p, List<String> whyNot) {
        if (p == null) {
            return whyNot.isEmpty() ? "" : "\n\n" + whyNot.get(0) + "\n";
        }
        StringBuilder sb = new StringBuilder("\n\n**Path: ").append(p.path()).append("** (").append(p.reason()).append(")\n\n");
        p.lines().forEach(l -> sb.append("- ").append(l).append('\n'));
        p.revertLosses().forEach(l -> sb.append("- ⚠️ ").append(l).append('\n'));
        return sb.toString();
    }

    /** The JSON plan with {@code "path"} and {@code "path_notes"} added. */
    static String json(String planJson, InstantPlan p) {
        if (p == null) {
            return planJson;
        }
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(planJson);
            n.put("path", p.path());
            n.set("path_notes", JSON.valueToTree(lines(p)));
            return JSON.writeValueAsString(n) + (planJson.endsWith("\n") ? "\n" : "");
        } catch (java.io.IOException | ClassCastException e) {
            return planJson;
        }
    }
}
