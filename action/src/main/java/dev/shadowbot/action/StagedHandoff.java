package dev.shadowbot.action;

import dev.shadowbot.action.workflow.ActionsEnvironment;
import dev.shadowbot.action.workflow.WorkflowCommands;
import dev.shadowbot.engine.db.BinlogRetention;
import dev.shadowbot.engine.db.Connections;
import dev.shadowbot.engine.db.DatabaseUrl;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What a deploy that ends at staged (its stream stops) tells the user: a later {@code cutover} resumes
 * from the checkpoint and needs every binlog written until then, so the server's binlog retention is how
 * long the pull request may stay open. Inside GitHub Actions it is an annotation on the run, a warning
 * when the retention is shorter than {@link #SHORT}.
 */
final class StagedHandoff {
    /** Retention below this is likely shorter than a review: warn. */
    static final Duration SHORT = Duration.ofDays(3);

    private StagedHandoff() {
    }

    static void announce(DatabaseUrl url, long id, PrintWriter out, PrintWriter err) {
        BinlogRetention retention;
        try (Connection c = Connections.open(url.withDatabase(""))) {
            retention = BinlogRetention.read(c);
        } catch (SQLException | RuntimeException e) {
            return; // the deploy succeeded; the hint is best effort
        }
        String text = "deploy request " + id + " is staged and its stream has stopped; 'shadowbot cutover' resumes it"
                + " from the checkpoint, which needs every binlog written until then: " + retention.advice();
        err.println("shadowbot: " + text);
        err.flush();
        if (ActionsEnvironment.from(CliEnvironment.current()).inActions()) {
            boolean shortRetention = retention.duration().map(d -> d.compareTo(SHORT) < 0).orElse(false);
            // Annotations go to stdout, where the runner reads workflow commands.
            out.println(WorkflowCommands.annotation(shortRetention ? WorkflowCommands.Level.warning
                    : WorkflowCommands.Level.notice, null, 0, "shadowbot staged", text));
            out.flush();
        }
    }
}
