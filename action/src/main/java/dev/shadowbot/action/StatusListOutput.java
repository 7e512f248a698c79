package dev.shadowbot.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.migration.DeployState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders {@code status} without {@code --id}: the recent deploy requests of a database, newest first. */
final class StatusListOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusListOutput() {
    }

    /**
     * @param database the database listed, or null when the whole server is
     */
    static String render(String database, List<DeployState> requests, OutputFormat format) {
        return switch (format) {
            case json -> json(database, requests);
            case markdown -> table(database, requests, true);
            case text -> table(database, requests, false);
        };
    }

    private static String json(String database, List<DeployState> requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", database);
        m.put("requests", requests.stream().map(DeployStateOutput::asMap).toList());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String table(String database, List<DeployState> requests, boolean markdown) {
        String where = database == null ? "this server" : "`" + database + "`";
        if (requests.isEmpty()) {
            return "shadowbot: no deploy requests on " + where;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(markdown ? "#### Deploy requests of " : "Deploy requests of ").append(where)
                .append(" (newest first; 'shadowbot status --id N' for one)\n");
        String[] head = {"ID", "DATABASE", "STATE", "TABLES", "ROWS", "NOTE"};
        List<String[]> rows = new java.util.ArrayList<>();
        for (DeployState s : requests) {
            long copied = s.tables().stream().mapToLong(DeployState.TableState::rowsCopied).sum();
            String note = s.error() != null && !s.error().isEmpty() ? s.error()
                    : s.notRevertible() != null ? "not revertible: " + s.notRevertible()
                    : s.windowEndsAt() != null && s.inRevertWindow() ? "revert window until " + s.windowEndsAt() : "";
            rows.add(new String[] {Long.toString(s.id()), s.schema(), s.state(),
                String.join(",", s.tables().stream().map(DeployState.TableState::table).toList()),
                Long.toString(copied), firstLine(note)});
        }
        if (markdown) {
            sb.append("| ").append(String.join(" | ", head)).append(" |\n|").append("---|".repeat(head.length)).append('\n');
            for (String[] r : rows) {
                sb.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            return sb.toString().stripTrailing();
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        appendRow(sb, head, w);
        for (String[] r : rows) {
            appendRow(sb, r, w);
        }
        return sb.toString().stripTrailing();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] w) {
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + w[i] + "s  ", cells[i]));
        }
        sb.append('\n');
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String t = nl < 0 ? s : s.substring(0, nl);
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
