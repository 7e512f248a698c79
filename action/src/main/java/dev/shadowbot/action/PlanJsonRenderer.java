package dev.shadowbot.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.Revertability;
import dev.shadowbot.engine.report.PlanReport;
import dev.shadowbot.engine.schema.TableChange;

/**
 * Renders a plan as JSON: {@code {"database", "changes":[{"table","kind","ddl","alterClauses","diff",
 * "file","line","renameHints","revertible","revertReasons"}], "lint":[{"code","severity","table","file",
 * "line","message","explanation","suppressed"}], "ddl":[every statement in run order], "deployable"}}.
 */
final class PlanJsonRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJsonRenderer() {
    }

    static String render(PlanReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("database", r.plan().database());
        ArrayNode changes = root.putArray("changes");
        for (TableChange c : r.plan().changes()) {
            ObjectNode n = changes.addObject();
            n.put("table", c.table());
            n.put("kind", c.kind().name());
            ArrayNode ddl = n.putArray("ddl");
            c.ddl().forEach(ddl::add);
            n.put("alterClauses", c.alterClauses());
            n.put("diff", c.diff());
            if (c.file() != null) {
                n.put("file", c.file());
                n.put("line", c.line());
            }
            ArrayNode hints = n.putArray("renameHints");
            c.renameHints().forEach(hints::add);
            r.lint().revertability().stream().filter(x -> x.table().equals(c.table())).findFirst().ifPresent(rv -> {
                n.put("revertible", rv.verdict() == Revertability.Verdict.yes ? "yes" : "conditional");
                ArrayNode reasons = n.putArray("revertReasons");
                rv.reasons().forEach(reasons::add);
            });
        }
        ArrayNode lint = root.putArray("lint");
        for (Finding f : r.lint().findings()) {
            ObjectNode n = lint.addObject();
            n.put("code", f.code().id());
            n.put("severity", f.severity().name());
            n.put("table", f.table());
            n.put("file", f.file());
            n.put("line", f.line());
            n.put("message", f.message());
            n.put("explanation", f.explanation());
            if (f.isSuppressed()) {
                n.put("suppressed", f.suppressedBecause());
            }
        }
        ArrayNode order = root.putArray("ddl");
        r.plan().allDdl().forEach(order::add);
        root.put("deployable", r.deployable());
        root.put("allowDataLoss", r.lint().dataLossAllowed());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
