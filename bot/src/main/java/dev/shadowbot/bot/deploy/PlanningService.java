package dev.shadowbot.bot.deploy;

import dev.shadowbot.engine.db.DatabaseUrl;
import dev.shadowbot.engine.instant.InstantPolicy;
import dev.shadowbot.engine.lint.Finding;
import dev.shadowbot.engine.lint.LintSettings;
import dev.shadowbot.engine.lint.Revertability;
import dev.shadowbot.engine.schema.TableChange;
import java.util.List;
import java.util.Map;

/**
 * Plans and lints one database: the desired schema (the PR head's {@code .sql} files) against the
 * live schema at {@code target}. Production uses {@link EnginePlanningService} (the engine's
 * {@code Planner} and {@code Linter}); the interface is the seam the bot's flow is written against.
 */
public interface PlanningService {
    /**
     * @param database the database's name in {@code .github/shadowbot.yml}
     * @param target   the live database
     * @param files    path relative to the schema folder → file content
     * @param lint     the repository's lint policy
     * @return the plan; problems in the files are findings in it, not exceptions
     * @throws dev.shadowbot.engine.ShadowbotException DATABASE when the target cannot be reached
     */
    DatabasePlan plan(String database, DatabaseUrl target, Map<String, String> files, LintSettings lint);

    /** As above, and the path a deploy would take under {@code instant} (the base branch's policy). */
    default DatabasePlan plan(String database, DatabaseUrl target, Map<String, String> files, LintSettings lint,
                              InstantPolicy instant) {
        return plan(database, target, files, lint);
    }

    /**
     * What planning one database found.
     *
     * @param database      the database's name
     * @param changes       per-table changes in run order (engine records; file/line relative to the schema folder)
     * @param findings      lint findings after policy, including file problems
     * @param revertability predicted revertability per changed table
     * @param deployable    false when a finding blocks (an unsuppressed error)
     * @param path          instant or copy per table and why, as the target server answers now; empty when not asked
     */
    record DatabasePlan(String database, List<TableChange> changes, List<Finding> findings,
                        List<Revertability> revertability, boolean deployable, List<String> path) {
        public DatabasePlan {
            changes = List.copyOf(changes);
            findings = List.copyOf(findings);
            revertability = List.copyOf(revertability);
            path = path == null ? List.of() : List.copyOf(path);
        }

        public DatabasePlan(String database, List<TableChange> changes, List<Finding> findings,
                            List<Revertability> revertability, boolean deployable) {
            this(database, changes, findings, revertability, deployable, List.of());
        }

        /** This plan with its path lines. */
        public DatabasePlan withPath(List<String> lines) {
            return new DatabasePlan(database, changes, findings, revertability, deployable, lines);
        }

        public boolean hasChanges() {
            return !changes.isEmpty();
        }
    }
}
