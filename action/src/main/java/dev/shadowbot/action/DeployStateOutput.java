package dev.shadowbot.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowbot.engine.migration.DeployState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a deploy request's state for the terminal, as JSON, or as markdown. */
final class DeployStateOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployStateOutput() {
    }

    /**
     * Renders a deploy request's state. Inside GitHub Actions it also sets the step outputs
     * {@code deploy-request-id} and {@code status} (a later render in the same step wins) and appends the
     * markdown form to the job summary.
     */
    static String render(DeployState s, OutputFormat format, Map<String, Object> extra) {
        publishToWorkflow(s);
        return switch (format) {
            case json -> json(s, extra);
            case markdown -> markdown(s);
            case text -> text(s);
        };
    }

    static Map<String, Object> asMap(DeployState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(s.id()));
        m.put("state", s.state());
        m.put("schema", s.schema());
        List<Map<String, Object>> tables = new ArrayList<>();
        for (DeployState.TableState t : s.tables()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("table", t.table());
            tm.put("shadow", t.shadow());
            tm.put("state", t.state());
            tm.put("rows_copied", t.rowsCopied());
            tm.put("rows_total", t.rowsTotal());
            tables.add(tm);
        }
        m.put("tables", tables);
        m.put("lag_seconds", s.lagSeconds());
        m.put("lag_events", s.lagEvents());
        m.put("checkpoint", s.checkpoint());
        m.put("driver", s.driver());
        m.put("error", s.error());
        m.put("cutover_lock_ms", s.cutoverLockMillis());
        m.put("revert_lock_ms", s.revertLockMillis());
        m.put("window_ends_at", s.windowEndsAt());
        m.put("revertible", s.windowEndsAt() == null || unchecked(s) ? null : s.notRevertible() == null);
        m.put("not_revertible", s.notRevertible());
        m.put("path", s.path());
        m.put("path_notes", s.pathNotes());
        if (unchecked(s)) {
            m.put("revertible_note", UNCHECKED);
        }
        return m;
    }

    static final String UNCHECKED = "no driver keeps the old tables in sync now, so the writes since its checkpoint"
            + " are not checked yet; 'shadowbot revert' checks them first and refuses with the row that cannot go back";

    /** In the window with no live driver: whether revert still works is not known until the backlog is read. */
    static boolean unchecked(DeployState s) {
        return "reverse_syncing".equals(s.state()) && s.notRevertible() == null && s.driver().isEmpty();
    }

    static String json(DeployState s, Map<String, Object> extra) {
        Map<String, Object> m = asMap(s);
        m.putAll(extra);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(DeployState s) {
        StringBuilder sb = new StringBuilder();
        sb.append("deploy request ").append(s.id()).append(" on ").append(s.schema()).append(": ").append(s.state());
        if (s.lagSeconds() != null) {
            sb.append(String.format(" (lag %.1f s, %d events)", s.lagSeconds(), s.lagEvents()));
        }
        sb.append('\n');
        sb.append("  path: ").append(s.path()).append('\n');
        s.pathNotes().forEach(n -> sb.append("    ").append(n).append('\n'));
        for (DeployState.TableState t : s.tables()) {
            if ("instant".equals(s.path())) {
                sb.append("  ").append(t.table()).append(": ").append(t.state()).append(", altered in place (nothing copied)\n");
                continue;
            }
            sb.append("  ").append(t.table()).append(" → ").append(t.shadow()).append(": ").append(t.state())
                    .append(", ").append(t.rowsCopied()).append('/').append(t.rowsTotal()).append(" rows copied\n");
        }
        if (s.cutoverLockMillis() != null) {
            sb.append("  cut over; writes waited ").append(s.cutoverLockMillis()).append(" ms\n");
        }
        if (s.revertLockMillis() != null) {
            sb.append("  reverted; writes waited ").append(s.revertLockMillis()).append(" ms\n");
        }
        if (s.inRevertWindow()) {
            sb.append("  revert window ends ").append(s.windowEndsAt()).append(" (server time); ")
                    .append(s.notRevertible() != null ? "NOT revertible: " + s.notRevertible()
                            : unchecked(s) ? "revertible unknown: " + UNCHECKED
                            : "revertible with 'shadowbot revert --id " + s.id() + "'").append('\n');
        }
        if (!s.driver().isEmpty()) {
            sb.append("  driven by ").append(s.driver()).append('\n');
        }
        if (s.error() != null) {
            sb.append("  error: ").append(s.error()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    static String markdown(DeployState s) {
        StringBuilder sb = new StringBuilder();
        sb.append("**Deploy request ").append(s.id()).append("** on `").append(s.schema()).append("`: **")
                .append(s.state()).append("** (path: ").append(s.path()).append(")\n\n");
        s.pathNotes().forEach(n -> sb.append("- ").append(n).append('\n'));
        sb.append(s.pathNotes().isEmpty() ? "" : "\n")
                .append("| table | state | rows copied | rows (estimate) |\n|---|---|---|---|\n");
        for (DeployState.TableState t : s.tables()) {
            sb.append("| `").append(t.table()).append("` | ").append(t.state()).append(" | ").append(t.rowsCopied())
                    .append(" | ").append(t.rowsTotal()).append(" |\n");
        }
        if (s.inRevertWindow()) {
            sb.append("\nRevert window ends ").append(s.windowEndsAt()).append(" (server time): ")
                    .append(s.notRevertible() != null ? "**not revertible**: " + s.notRevertible()
                            : unchecked(s) ? "revertible unknown: " + UNCHECKED : "revertible").append('\n');
        }
        if (s.error() != null) {
            sb.append("\nError: ").append(s.error()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** One progress line: rows, %, ETA and lag. */
    static String progress(DeployState s, double rowsPerSecond) {
        long copied = s.tables().stream().mapToLong(DeployState.TableState::rowsCopied).sum();
        long total = s.tables().stream().mapToLong(DeployState.TableState::rowsTotal).sum();
        StringBuilder sb = new StringBuilder("shadowbot: ").append(s.state()).append(' ').append(copied);
        if (total > 0) {
            // rows_total is the server's estimate: never show more rows copied than "total", nor over 100 %.
            total = Math.max(total, copied);
            long pct = Math.min(100, copied * 100 / total);
            sb.append('/').append(total).append(" rows (").append(pct).append("%)");
            if (rowsPerSecond > 0 && copied < total && "copying".equals(s.state())) {
                sb.append(" eta ").append(Math.round((total - copied) / rowsPerSecond)).append(" s");
            }
        } else {
            sb.append(" rows");
        }
        if (s.lagSeconds() != null) {
            sb.append(String.format(" lag %.1f s/%d events", s.lagSeconds(), s.lagEvents()));
        }
        return sb.toString();
    }

    /** Inside GitHub Actions: step outputs {@code deploy-request-id}, {@code status} and the job summary. */
    static void publishToWorkflow(DeployState s) {
        var env = dev.shadowbot.action.workflow.ActionsEnvironment.from(CliEnvironment.current());
        if (!env.inActions() || env.output().isEmpty()) {
            return;
        }
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("deploy-request-id", Long.toString(s.id()));
        outputs.put("status", s.state());
        try {
            dev.shadowbot.action.workflow.StepFiles.writeOutputs(env.output().get(), outputs);
            if (env.stepSummary().isPresent()) {
                dev.shadowbot.action.workflow.StepFiles.appendSummary(env.stepSummary().get(), markdown(s) + "\n");
            }
        } catch (java.io.IOException e) {
            throw new dev.shadowbot.engine.ShadowbotException(dev.shadowbot.engine.ErrorCode.INTERNAL,
                    "cannot write GITHUB_OUTPUT: " + e.getMessage(), "check the runner's GITHUB_OUTPUT file", e);
        }
    }
}
