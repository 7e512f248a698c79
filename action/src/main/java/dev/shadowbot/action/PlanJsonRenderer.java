package dev.shadowbot.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowbot.engine.schema.TableChange;

/**
 * Renders a plan as JSON: {@code {"database", "changes":[{"table","kind","ddl","alterClauses","diff",
 * "file","line","renameHints"}], "lint":[], "deployable"}}.
 */
final class PlanJsonRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJsonRenderer() {
    }

    static String render(PlanResult r) {
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
        }
        root.putArray("lint");
        root.put("deployable", r.deployable());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
